import { Col, Row } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Registered } from '../api/views';
import { useIdentity } from '../auth/session';
import { ShortcutHelp } from '../common/ShortcutHelp';
import { RegisterForm } from './RegisterForm';
import { TodayRegistrations } from './TodayRegistrations';

// Shown after saving: its large-print card is not part of the desk's first screen.
const RegisteredCard = lazy(() => import('./RegisteredCard'));

const DeskPage = () => {
  const { t } = useTranslation();
  const identity = useIdentity();
  const [registered, setRegistered] = useState<Registered | null>(null);
  // The form is remounted for each new registration: nothing of the last customer stays in it.
  const [formKey, setFormKey] = useState(0);
  const next = () => {
    setRegistered(null);
    setFormKey((key) => key + 1);
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && (event.key === 'n' || event.key === 'N')) {
        event.preventDefault();
        next();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!identity.mallId) return null;
  return (
    <>
      <h1 className="page-title">{t('desk.title')}</h1>
      <Row gutter={24}>
        <Col span={14}>
          {registered ? (
            <Suspense fallback={null}>
              <RegisteredCard answer={registered} onNext={next} />
            </Suspense>
          ) : (
            <section className="panel">
              <RegisterForm key={formKey} mallId={identity.mallId} onRegistered={setRegistered} />
            </section>
          )}
        </Col>
        <Col span={10}>
          <TodayRegistrations mallId={identity.mallId} recordedBy={identity.staffId} />
        </Col>
      </Row>
      <ShortcutHelp keys={['shortcuts.register', 'shortcuts.newForm', 'shortcuts.focusDescription']} />
    </>
  );
};

export default DeskPage;
