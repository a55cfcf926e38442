import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { can } from '../auth/permissions';
import { useIdentity } from '../auth/session';
import '../i18n/steering';
import '../reports/steering.css';
import { MallProfileForm } from './MallProfileForm';
import { usePolicy } from './policy-data';

/** A GM goes straight to their mall; a group admin chooses one, or adds one. */
const AdminHomePage = () => {
  const { t } = useTranslation();
  const identity = useIdentity();
  const policy = usePolicy();
  const navigate = useNavigate();
  const [adding, setAdding] = useState(false);
  if (identity.mallId) return <Navigate to={`/admin/malls/${identity.mallId}`} replace />;
  return (
    <>
      <h1 className="page-title">{t('admin.chooseMall')}</h1>
      {policy.error && <Alert type="error" showIcon title={t('gm.loadFailed')} />}
      {can(identity, 'policy.changeGroup') && (
        <p>
          <Link className="inline-link" to="/admin/group">
            {t('admin.group.title')}
          </Link>
        </p>
      )}
      <ul>
        {(policy.data?.malls ?? []).map((mall) => (
          <li key={mall.id}>
            <Link to={`/admin/malls/${mall.id}`}>
              {mall.name} ({mall.id})
            </Link>
          </li>
        ))}
      </ul>
      {can(identity, 'policy.changeGroup') &&
        (adding ? (
          <section className="panel" style={{ maxWidth: 720 }}>
            <MallProfileForm mall={null} onAdded={(mallId) => void navigate(`/admin/malls/${mallId}`)} />
          </section>
        ) : (
          <Button onClick={() => setAdding(true)}>{t('admin.profile.addTitle')}</Button>
        ))}
    </>
  );
};

export default AdminHomePage;
