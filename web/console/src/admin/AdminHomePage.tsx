import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { can } from '../auth/permissions';
import { useIdentity } from '../auth/session';
import '../i18n/steering';
import { usePolicy } from './policy-data';

/** A GM goes straight to their mall; a group admin chooses one. */
const AdminHomePage = () => {
  const { t } = useTranslation();
  const identity = useIdentity();
  const policy = usePolicy();
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
    </>
  );
};

export default AdminHomePage;
