import { Alert, Button, Layout, Radio, Space } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import type { Identity } from '../api/views';
import { can, canActInMall } from '../auth/permissions';
import { useSession } from '../auth/session';
import { changeLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n';
import { LiveProvider, useLiveStatus } from '../live/live';
import { NotificationBell } from '../notifications/NotificationBell';
import { REFERENCE_SCREENS, STEERING_SCREENS } from './steering-routes';

// Only needed when a session runs out: kept out of the first screen's JavaScript.
const ReauthDialog = lazy(() => import('../sign-in/ReauthDialog'));

const SCREENS: { path: string; label: string; visible: (identity: Identity) => boolean }[] = [
  // GMs, HQ and administrators start on their own screens (issue 14).
  ...STEERING_SCREENS,
  { path: '/desk', label: 'menu.desk', visible: (identity) => canActInMall(identity, 'complaint.register') },
  // The front desk may read cases (it opens them from its list), but works no queue.
  { path: '/queue', label: 'menu.queue', visible: (identity) => can(identity, 'case.read') && identity.roles.some((role) => role !== 'front-desk-agent') },
  { path: '/callback-desk', label: 'menu.callbacks', visible: (identity) => can(identity, 'callback.read') },
  ...REFERENCE_SCREENS,
];

/** Where a person starts: the desk for the front desk, the queue for departments and leaders. */
export const homeOf = (identity: Identity): string => SCREENS.find((screen) => screen.visible(identity))?.path ?? '/track';

const LiveBanner = () => {
  const { t } = useTranslation();
  const status = useLiveStatus();
  if (status === 'down') return <Alert role="status" type="warning" showIcon banner title={t('queue.liveDown')} />;
  if (status === 'polling') return <Alert role="status" type="info" showIcon banner title={t('queue.livePolling')} />;
  return null;
};

export const StaffLayout = () => {
  const { t, i18n } = useTranslation();
  const { identity, expired, signOut } = useSession();
  const navigate = useNavigate();
  const screens = identity ? SCREENS.filter((screen) => screen.visible(identity)) : [];
  return (
    <LiveProvider>
      <Layout style={{ minHeight: '100vh' }}>
        <a href="#main" className="skip-link">
          {t('app.skipToContent')}
        </a>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#fff', borderBottom: '1px solid #e5e7eb' }}>
          <strong style={{ fontSize: 18, whiteSpace: 'nowrap' }}>{t('app.title')}</strong>
          <nav aria-label={t('app.title')} style={{ flex: 1, minWidth: 0 }}>
            <ul className="main-menu">
              {screens.map((screen) => (
                <li key={screen.path}>
                  <NavLink to={screen.path}>{t(screen.label)}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <Space>
            <Radio.Group
              aria-label={t('app.language')}
              size="small"
              optionType="button"
              value={i18n.language as Language}
              onChange={(event) => changeLanguage(event.target.value as Language)}
              options={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_NAMES[language] }))}
            />
            {identity && (
              <>
                <NotificationBell />
                <span data-testid="signed-in-as">
                  {t('signIn.signedInAs', { name: identity.name, staffId: identity.staffId })} · {identity.roles.map((role) => t(`roles.${role}`)).join('、')}
                  {identity.departmentId ? ` · ${t(`departments.${identity.departmentId}`, { defaultValue: identity.departmentId })}` : ''}
                  {identity.mallId ? ` · ${identity.mallId}` : ''}
                </span>
                <Button
                  onClick={() => {
                    signOut();
                    navigate('/sign-in');
                  }}
                >
                  {t('app.signOut')}
                </Button>
              </>
            )}
          </Space>
        </Layout.Header>
        <LiveBanner />
        <Layout.Content id="main" style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
        {expired && (
          <Suspense fallback={null}>
            <ReauthDialog />
          </Suspense>
        )}
      </Layout>
    </LiveProvider>
  );
};
