import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { safeNext } from '../auth/oidc';
import { OidcSignInButton } from './OidcSignInButton';
import { SignInForm } from './SignInForm';

const SignInPage = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <div className="panel" style={{ width: 380 }}>
        <h1 className="page-title">{t('app.title')}</h1>
        <h2 className="panel-title">{t('signIn.title')}</h2>
        <SignInForm onSignedIn={() => navigate(next, { replace: true })} />
        <OidcSignInButton next={next} />
      </div>
    </main>
  );
};

export default SignInPage;
