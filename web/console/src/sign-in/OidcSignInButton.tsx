import { Alert, Button, Divider } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authorizationUrl, browserNavigation, OidcSignInError, useOidcConfig, type OidcFailure } from '../auth/oidc';

/** Shown only when routing names the group's identity provider: sends the person there (code + PKCE). */
export const OidcSignInButton = ({ next }: { next: string }) => {
  const { t } = useTranslation();
  const { data: config } = useOidcConfig();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<OidcFailure | null>(null);
  if (!config) return null;
  const start = async () => {
    setBusy(true);
    setFailure(null);
    try {
      browserNavigation.assign((await authorizationUrl(config, next)).href);
    } catch (error) {
      setFailure(error instanceof OidcSignInError ? error.failure : 'other');
      setBusy(false);
    }
  };
  return (
    <>
      <Divider plain>{t('signIn.or')}</Divider>
      {failure && <Alert role="alert" type="error" showIcon style={{ marginBottom: 16 }} title={t(`signIn.providerFailure.${failure}`, { error: '' })} />}
      <Button block loading={busy} onClick={() => void start()}>
        {t('signIn.withProvider')}
      </Button>
    </>
  );
};
