import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { SignInForm } from './SignInForm';

const SignInPage = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <div className="panel" style={{ width: 380 }}>
        <h1 className="page-title">{t('app.title')}</h1>
        <h2 className="panel-title">{t('signIn.title')}</h2>
        <SignInForm
          onSignedIn={() => {
            const next = params.get('next');
            // Only a path of this console, never another site.
            navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
          }}
        />
      </div>
    </main>
  );
};

export default SignInPage;
