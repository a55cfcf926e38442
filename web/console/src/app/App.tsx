import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, RouterProvider, useLocation, useSearchParams } from 'react-router';
import { can, type Permission } from '../auth/permissions';
import { SessionProvider, useSession } from '../auth/session';
import { Providers } from './Providers';
import { CaseScreen as CasePage, loadQueuePage, QueueScreen as QueuePage } from './screens';
import { homeOf, StaffLayout } from './StaffLayout';
import { steeringRoutes } from './steering-routes';

// Each screen is its own chunk: the desk's first screen does not load the queue's table or the case page.
const SignInPage = lazy(() => import('../sign-in/SignInPage'));
const OidcCallbackPage = lazy(() => import('../sign-in/OidcCallbackPage'));
const DeskPage = lazy(() => import('../desk/DeskPage'));
const CallbackDeskPage = lazy(() => import('../callbacks/CallbackDeskPage'));
const TrackPage = lazy(() => import('../track/TrackPage'));

const Loading = () => {
  const { t } = useTranslation();
  return (
    <p role="status" className="loading">
      {t('app.loading')}
    </p>
  );
};

const Page = ({ children }: { children: ReactNode }) => <Suspense fallback={<Loading />}>{children}</Suspense>;

/** A staff screen: signed in, and holding a role the API accepts for it. */
const Staff = ({ permission, children }: { permission: Permission; children: ReactNode }) => {
  const { identity } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (!identity) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (!can(identity, permission)) return <h1 className="page-title">{t('app.forbidden')}</h1>;
  return <Page>{children}</Page>;
};

const Home = () => {
  const { identity } = useSession();
  return <Navigate to={identity ? homeOf(identity) : '/sign-in'} replace />;
};

const NotFound = () => {
  const { t } = useTranslation();
  return <h1 className="page-title">{t('app.notFound')}</h1>;
};

/** While a person signs in to go on to the queue (`?next=/queue`), its code is fetched. */
const PreloadNext = () => {
  const [params] = useSearchParams();
  const next = params.get('next') ?? '';
  useEffect(() => {
    if (next.startsWith('/queue')) void loadQueuePage();
  }, [next]);
  return null;
};

const router = createBrowserRouter([
  { path: '/sign-in', element: <Page><PreloadNext /><SignInPage /></Page> },
  // The group's identity provider returns here (auth/oidc.ts CALLBACK_PATH).
  { path: '/sign-in/callback', element: <Page><OidcCallbackPage /></Page> },
  { path: '/track', element: <Page><TrackPage /></Page> },
  {
    element: <StaffLayout />,
    children: [
      { path: '/', element: <Home /> },
      { path: '/desk', element: <Staff permission="complaint.register"><DeskPage /></Staff> },
      { path: '/queue', element: <Staff permission="case.read"><QueuePage /></Staff> },
      { path: '/case/:complaintId', element: <Staff permission="case.read"><CasePage /></Staff> },
      { path: '/callback-desk', element: <Staff permission="callback.read"><CallbackDeskPage /></Staff> },
      ...steeringRoutes(Staff),
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export const App = () => (
  <Providers>
    <SessionProvider>
      {/* Not transitions: a transition into a lazy page can be held back for as long as the screen it leaves keeps updating (the queue's ticks and reads). */}
      <RouterProvider router={router} useTransitions={false} />
    </SessionProvider>
  </Providers>
);
