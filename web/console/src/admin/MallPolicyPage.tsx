import { Alert, Button, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import '../i18n/steering';
import '../reports/steering.css';
import { can } from '../auth/permissions';
import { useIdentity } from '../auth/session';
import { settingsOf, usePolicy, type ClockPolicy, type Duration, type PolicyView } from './policy-data';
import { ClockForm } from './ClockForm';
import { DepartmentsForm } from './DepartmentsForm';
import { MallCalendarForm } from './MallCalendarForm';
import { MallProfileForm } from './MallProfileForm';
import { RoutingTablesForm } from './RoutingTablesForm';
import { SettingsSections } from './SettingsSections';
import { StaffTable } from './StaffTable';

/** The group's clocks: durations, warning points and ladders (group-wide, read here). */
const ClockTable = ({ policy }: { policy: PolicyView }) => {
  const { t } = useTranslation();
  const identity = useIdentity();
  const [editing, setEditing] = useState<ClockPolicy | null>(null);
  const admin = identity.roles.includes('group-admin');
  // A policy without its own escalation follows the server's default, which it does not send.
  const every = (duration: Duration | undefined) => (duration ? `${duration.amount} ${t(`admin.units.${duration.unit}`)}` : '—');
  return (
    <>
    <table className="plain-table" data-testid="clocks">
      <thead>
        <tr>
          <th scope="col">{t('admin.clock')}</th>
          <th scope="col">{t('admin.duration')}</th>
          <th scope="col">{t('admin.warnAt')}</th>
          <th scope="col">{t('admin.ladder')}</th>
          <th scope="col">{t('admin.escalateEvery')}</th>
          {admin && <th scope="col">{t('admin.staff.actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {policy.clocks.map((clock) => (
          <tr key={clock.kind}>
            <th scope="row">{t(`clockKinds.${clock.kind}`, { defaultValue: clock.kind })}</th>
            <td>
              {clock.target.amount} {t(`admin.units.${clock.target.unit}`)}
            </td>
            <td>{(clock.warnAtPercent ?? []).map((percent) => `${percent}%`).join(' / ') || '—'}</td>
            <td>{(clock.ladder ?? policy.escalation?.ladder ?? []).map((rung) => t(`rungs.${rung}`, { defaultValue: rung })).join(' → ') || '—'}</td>
            <td>{every(clock.escalateEvery ?? policy.escalation?.every)}</td>
            {admin && (
              <td>
                <Button size="small" onClick={() => setEditing(clock)} aria-label={t('admin.clockEdit', { clock: t(`clockKinds.${clock.kind}`, { defaultValue: clock.kind }) })}>
                  {t('admin.staff.change')}
                </Button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
    {editing && <ClockForm clock={editing} onClose={() => setEditing(null)} />}
    </>
  );
};

/** A mall's organisation and rules as forms: settings, profile and calendar, departments and rosters, routing, staff and roles, the clocks. */
const MallPolicyPage = () => {
  const { t } = useTranslation();
  const { mallId = '' } = useParams();
  const identity = useIdentity();
  const policy = usePolicy();
  const mall = policy.data?.malls.find((candidate) => candidate.id === mallId);
  if (policy.error) return <Alert type="error" showIcon title={t('gm.loadFailed')} />;
  if (!policy.data) return <p className="loading">{t('app.loading')}</p>;
  if (!mall) return <h1 className="page-title">{t('app.notFound')}</h1>;
  const settings = settingsOf(policy.data, mall);
  return (
    <>
      <h1 className="page-title">{t('admin.title', { mall: mall.name, mallId })}</h1>
      <p className="muted">
        {t('admin.version', { version: policy.data.version })} · <Link className="inline-link" to="/admin/history">{t('steerMenu.history')}</Link>
        {can(identity, 'policy.changeGroup') && (
          <>
            {' · '}
            <Link className="inline-link" to="/admin/group">
              {t('admin.group.title')}
            </Link>
          </>
        )}
      </p>
      <Tabs
        items={[
          {
            key: 'settings',
            label: t('admin.tabs.settings'),
            children: (
              <SettingsSections
                mallId={mallId}
                settings={settings}
                own={mall.settings}
                group={{ severity: policy.data.severity, collective: policy.data.collective, repeat: policy.data.repeat, callback: policy.data.callback }}
              />
            ),
          },
          {
            key: 'profile',
            label: t('admin.tabs.profile'),
            children: (
              <div className="steer-grid">
                <section className="panel">
                  <MallProfileForm mall={mall} />
                </section>
                <section className="panel">
                  <MallCalendarForm mall={mall} />
                </section>
              </div>
            ),
          },
          { key: 'departments', label: t('admin.tabs.departments'), children: <DepartmentsForm policy={policy.data} mall={mall} /> },
          {
            key: 'routing',
            label: t('admin.tabs.routing'),
            children: (
              <section className="panel">
                <RoutingTablesForm
                  mallId={mallId}
                  tables={{
                    owningDepartmentByComplainantType: mall.routing?.owningDepartmentByComplainantType ?? policy.data.owningDepartmentByComplainantType ?? [],
                    handlingDepartmentRules: mall.routing?.handlingDepartmentRules ?? policy.data.handlingDepartmentRules ?? [],
                  }}
                  own={{ owningDepartmentByComplainantType: Boolean(mall.routing?.owningDepartmentByComplainantType), handlingDepartmentRules: Boolean(mall.routing?.handlingDepartmentRules) }}
                  departments={mall.departments.map((department) => ({ value: department.id, label: t(`departments.${department.id}`, { defaultValue: department.name }) }))}
                />
              </section>
            ),
          },
          { key: 'staff', label: t('admin.tabs.staff'), children: <StaffTable policy={policy.data} mall={mall} /> },
          {
            key: 'clocks',
            label: t('admin.tabs.clocks'),
            children: (
              <section className="panel">
                <p className="muted">{t('admin.clocksGroupWide')}</p>
                <ClockTable policy={policy.data} />
              </section>
            ),
          },
        ]}
      />
    </>
  );
};

export default MallPolicyPage;
