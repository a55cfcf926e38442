import { Button, Modal, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { OidcSignInButton } from './OidcSignInButton';
import { SignInForm } from './SignInForm';

/** The token expired or was refused: sign in again where you are, or sign out. */
const ReauthDialog = () => {
  const { t } = useTranslation();
  const { identity, expired, signOut } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  if (!identity || !expired) return null;
  return (
    <Modal
      open
      title={t('signIn.expiredTitle')}
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={
        <Button
          onClick={() => {
            signOut();
            navigate('/sign-in');
          }}
        >
          {t('app.signOut')}
        </Button>
      }
    >
      <Typography.Paragraph>{t('signIn.expiredBody')}</Typography.Paragraph>
      <SignInForm staffId={identity.staffId} onSignedIn={() => void queryClient.invalidateQueries()} />
      {/* Leaves the page for the provider and comes back to this screen (unsaved input is lost). */}
      <OidcSignInButton next={`${location.pathname}${location.search}`} />
    </Modal>
  );
};

export default ReauthDialog;
