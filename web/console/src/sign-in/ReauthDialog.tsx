import { Button, Modal, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { SignInForm } from './SignInForm';

/** The token expired or was refused: sign in again where you are, or sign out. */
const ReauthDialog = () => {
  const { t } = useTranslation();
  const { identity, expired, signOut } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
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
    </Modal>
  );
};

export default ReauthDialog;
