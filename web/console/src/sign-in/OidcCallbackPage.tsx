import { Alert, Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { OidcSignInError, redeemProviderAnswer, type OidcFailure } from '../auth/oidc';
import { useSession } from '../auth/session';

/** Where the group's identity provider sends the browser back: redeem the code, then on to the screen asked for. */
const OidcCallbackPage = () => {
  const { t } = useTranslation();
  const { signInWith } = useSession();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const [failure, setFailure] = useState<{ kind: OidcFailure; error?: string } | null>(null);
  // The code is good once: StrictMode's second effect run must not redeem it again.
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    redeemProviderAnswer(new URL(`${pathname}${search}`, window.location.origin))
      .then(({ answer, next }) => {
        signInWith(answer);
        // replace: the code leaves the address bar and the history.
        navigate(next, { replace: true });
      })
      .catch((error: unknown) => {
        setFailure(error instanceof OidcSignInError ? { kind: error.failure, error: error.providerError } : { kind: 'other' });
        navigate(pathname, { replace: true });
      });
  }, [navigate, pathname, search, signInWith]);

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <div className="panel" style={{ width: 420 }}>
        <h1 className="page-title">{t('app.title')}</h1>
        {failure ? (
          <>
            <Alert role="alert" type="error" showIcon style={{ marginBottom: 16 }} title={t('signIn.providerFailedTitle')} description={t(`signIn.providerFailure.${failure.kind}`, { error: failure.error ?? '' })} />
            <Button type="primary" block href="/sign-in">
              {t('signIn.backToSignIn')}
            </Button>
          </>
        ) : (
          <p role="status" className="loading">
            {t('signIn.completing')}
          </p>
        )}
      </div>
    </main>
  );
};

export default OidcCallbackPage;
