import { lazy, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams, type RouteObject } from 'react-router';
import type { Identity } from '../api/views';
import { can, type Permission } from '../auth/permissions';
import { useIdentity } from '../auth/session';

// Part 2 (issue 14): the screens of mall GMs, HQ operations and administrators, each its own chunk.
const TodayPage = lazy(() => import('../gm/TodayPage'));
const MallCasesPage = lazy(() => import('../gm/MallCasesPage'));
const MonthPage = lazy(() => import('../gm/MonthPage'));
const RollupPage = lazy(() => import('../hq/RollupPage'));
const MallPeriodPage = lazy(() => import('../hq/MallPeriodPage'));
const SlaBoardPage = lazy(() => import('../hq/SlaBoardPage'));
const PacksPage = lazy(() => import('../hq/PacksPage'));
const AdminHomePage = lazy(() => import('../admin/pages').then((pages) => ({ default: pages.AdminHomePage })));
const MallPolicyPage = lazy(() => import('../admin/pages').then((pages) => ({ default: pages.MallPolicyPage })));
const PolicyHistoryPage = lazy(() => import('../admin/PolicyHistoryPage'));
const GroupPolicyPage = lazy(() => import('../admin/pages').then((pages) => ({ default: pages.GroupPolicyPage })));
const SamplesPage = lazy(() => import('../samples/SamplesPage'));
const CaseLibraryPage = lazy(() => import('../library/CaseLibraryPage'));

type StaffGuard = ComponentType<{ permission: Permission; children: ReactNode }>;

/** A mall's page: its own staff, or HQ (no mall). Another mall's typed by hand is refused, as the API would. */
const OwnMall = ({ children }: { children: ReactNode }) => {
  const identity = useIdentity();
  const { mallId } = useParams();
  const { t } = useTranslation();
  if (identity.mallId !== null && identity.mallId !== mallId) return <h1 className="page-title">{t('app.forbidden')}</h1>;
  return <>{children}</>;
};

/** `/today` → the signed-in person's own mall's page. */
const ToOwnMall = ({ page }: { page: string }) => {
  const identity = useIdentity();
  const { t } = useTranslation();
  if (!identity.mallId) return <h1 className="page-title">{t('steerMenu.chooseMall')}</h1>;
  return <Navigate to={`/malls/${identity.mallId}/${page}`} replace />;
};

export const steeringRoutes = (Staff: StaffGuard): RouteObject[] => [
  { path: '/today', element: <Staff permission="mall.overview"><ToOwnMall page="today" /></Staff> },
  { path: '/malls/:mallId/today', element: <Staff permission="mall.overview"><OwnMall><TodayPage /></OwnMall></Staff> },
  { path: '/month', element: <Staff permission="report.read"><ToOwnMall page="month" /></Staff> },
  { path: '/malls/:mallId/month', element: <Staff permission="report.read"><OwnMall><MonthPage /></OwnMall></Staff> },
  { path: '/malls/:mallId/period', element: <Staff permission="report.read"><OwnMall><MallPeriodPage /></OwnMall></Staff> },
  { path: '/hq/rollup', element: <Staff permission="hq.read"><RollupPage /></Staff> },
  { path: '/hq/sla', element: <Staff permission="hq.read"><SlaBoardPage /></Staff> },
  { path: '/hq/packs', element: <Staff permission="hq.read"><PacksPage /></Staff> },
  { path: '/admin', element: <Staff permission="policy.change"><AdminHomePage /></Staff> },
  { path: '/admin/malls/:mallId', element: <Staff permission="policy.change"><OwnMall><MallPolicyPage /></OwnMall></Staff> },
  { path: '/admin/group', element: <Staff permission="policy.changeGroup"><GroupPolicyPage /></Staff> },
  { path: '/admin/history', element: <Staff permission="policy.history"><PolicyHistoryPage /></Staff> },
  { path: '/hq/samples', element: <Staff permission="hq-sample.run"><SamplesPage /></Staff> },
  { path: '/library', element: <Staff permission="report.read"><CaseLibraryPage /></Staff> },
  { path: '/malls/:mallId/cases', element: <Staff permission="mall.overview"><OwnMall><MallCasesPage /></OwnMall></Staff> },
];

const ofMall = (identity: Identity, permission: Permission) => can(identity, permission) && identity.mallId !== null;

/** The menu entries of these screens, in the order they are listed (the first one a person may open is their home). */
/** Read when needed, nobody's start: after the work screens in the menu, so a manager still starts on the queue. */
export const REFERENCE_SCREENS: { path: string; label: string; visible: (identity: Identity) => boolean }[] = [
  { path: '/library', label: 'steerMenu.library', visible: (identity) => can(identity, 'report.read') },
];

export const STEERING_SCREENS: { path: string; label: string; visible: (identity: Identity) => boolean }[] = [
  { path: '/today', label: 'steerMenu.today', visible: (identity) => ofMall(identity, 'mall.overview') },
  { path: '/month', label: 'steerMenu.month', visible: (identity) => ofMall(identity, 'mall.overview') },
  { path: '/hq/rollup', label: 'steerMenu.rollup', visible: (identity) => can(identity, 'hq.read') },
  { path: '/hq/sla', label: 'steerMenu.slaBoard', visible: (identity) => can(identity, 'hq.read') },
  { path: '/hq/packs', label: 'steerMenu.packs', visible: (identity) => can(identity, 'hq.read') },
  { path: '/hq/samples', label: 'steerMenu.samples', visible: (identity) => can(identity, 'hq-sample.run') },
  { path: '/admin', label: 'steerMenu.policy', visible: (identity) => can(identity, 'policy.change') },
  // Administrators reach the history from their policy page; HQ operations, who change nothing, from the menu.
  { path: '/admin/history', label: 'steerMenu.history', visible: (identity) => can(identity, 'policy.history') && !can(identity, 'policy.change') },
];
