import { Alert, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import '../i18n/steering';
import '../reports/steering.css';
import { usePolicy } from './policy-data';
import { RoutingTablesForm } from './RoutingTablesForm';
import { SettingsSections } from './SettingsSections';
import { TargetsForm } from './TargetsForm';

/** The group-wide rules (group admins): severity, collective, repeat and callback settings, the group's routing tables and targets. */
const GroupPolicyPage = () => {
  const { t } = useTranslation();
  const policy = usePolicy();
  if (policy.error) return <Alert type="error" showIcon title={t('gm.loadFailed')} />;
  if (!policy.data) return <p className="loading">{t('app.loading')}</p>;
  const { data } = policy;
  return (
    <>
      <h1 className="page-title">{t('admin.group.title')}</h1>
      <p className="muted">
        {t('admin.version', { version: data.version })} · {t('admin.group.hint')} · <Link className="inline-link" to="/admin/history">{t('steerMenu.history')}</Link>
      </p>
      <Tabs
        items={[
          {
            key: 'settings',
            label: t('admin.tabs.groupSettings'),
            children: <SettingsSections mallId={null} settings={{ severity: data.severity, collective: data.collective, repeat: data.repeat, callback: data.callback }} />,
          },
          {
            key: 'routing',
            label: t('admin.tabs.routing'),
            children: (
              <section className="panel">
                <RoutingTablesForm
                  mallId={null}
                  tables={{ owningDepartmentByComplainantType: data.owningDepartmentByComplainantType ?? [], handlingDepartmentRules: data.handlingDepartmentRules ?? [] }}
                  own={{ owningDepartmentByComplainantType: true, handlingDepartmentRules: true }}
                  departments={(data.departments ?? []).map((id) => ({ value: id, label: t(`departments.${id}`, { defaultValue: id }) }))}
                />
              </section>
            ),
          },
          {
            key: 'targets',
            label: t('admin.tabs.targets'),
            children: (
              <section className="panel">
                <TargetsForm targets={data.targets} />
              </section>
            ),
          },
        ]}
      />
    </>
  );
};

export default GroupPolicyPage;
