import { Alert, Button, Form, InputNumber, Select, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ruleMessageOf } from '../api/problem';
import '../i18n/steering';
import '../reports/steering.css';
import { useIdentity } from '../auth/session';
import { settingsOf, showFieldErrors, usePolicy, useSaveSettings, type ClockPolicy, type MallSettings, type PolicyView } from './policy-data';
import { ClockForm, UNITS } from './ClockForm';
import { StaffTable } from './StaffTable';


/** One section of the mall's settings, saved on its own (PATCH sends only that section). */
const SettingsForm = ({ mallId, section, initial, children }: { mallId: string; section: keyof MallSettings; initial: MallSettings; children: React.ReactNode }) => {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<MallSettings>();
  const save = useSaveSettings(mallId);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      aria-label={t(`admin.sections.${section}`)}
      onValuesChange={() => setSaved(null)}
      onFinish={(values) =>
        save.mutate(
          { [section]: values[section] },
          {
            onSuccess: (result) => setSaved(result.changed ? t('admin.savedVersion', { version: result.version }) : t('admin.unchanged')),
            onError: (error) => void showFieldErrors(form, error, t),
          },
        )
      }
    >
      <h2 className="panel-title">{t(`admin.sections.${section}`)}</h2>
      <p className="muted">{t(`admin.hints.${section}`)}</p>
      {children}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
        {saved && <Alert type="success" showIcon title={saved} />}
        {save.isError && !(save.error as { problem?: { errors?: unknown[] } }).problem?.errors?.length && <Alert type="error" showIcon title={ruleMessageOf(save.error, t, (key) => i18n.exists(key))} />}
      </Space>
    </Form>
  );
};

const DurationFields = ({ name, label }: { name: string[]; label: string }) => {
  const { t } = useTranslation();
  return (
    <Space align="start">
      <Form.Item name={[...name, 'amount']} label={`${label} · ${t('admin.amount')}`} rules={[{ required: true, message: t('admin.fieldErrors.generic') }]}>
        <InputNumber style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name={[...name, 'unit']} label={`${label} · ${t('admin.unit')}`}>
        <Select style={{ width: 140 }} options={UNITS.map((unit) => ({ value: unit, label: t(`admin.units.${unit}`) }))} />
      </Form.Item>
    </Space>
  );
};

/** The group's clocks: durations, warning points and ladders (group-wide, read here). */
const ClockTable = ({ policy }: { policy: PolicyView }) => {
  const { t } = useTranslation();
  const identity = useIdentity();
  const [editing, setEditing] = useState<ClockPolicy | null>(null);
  const admin = identity.roles.includes('group-admin');
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
            <td>{(clock.ladder ?? policy.escalation.ladder).map((rung) => t(`rungs.${rung}`, { defaultValue: rung })).join(' → ')}</td>
            <td>
              {(clock.escalateEvery ?? policy.escalation.every).amount} {t(`admin.units.${(clock.escalateEvery ?? policy.escalation.every).unit}`)}
            </td>
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

/** A mall's organisation and rules as forms: settings (collective window, repeats, callbacks), staff and roles, the clocks. */
const MallPolicyPage = () => {
  const { t } = useTranslation();
  const { mallId = '' } = useParams();
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
      </p>
      <Tabs
        items={[
          {
            key: 'settings',
            label: t('admin.tabs.settings'),
            children: (
              <div className="steer-grid">
                <section className="panel">
                  <SettingsForm mallId={mallId} section="collective" initial={{ collective: settings.collective }}>
                    <Form.Item name={['collective', 'windowMinutes']} label={t('admin.windowMinutes')} rules={[{ required: true, message: t('admin.fieldErrors.generic') }]}>
                      <InputNumber style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={['collective', 'minDistinctTenants']} label={t('admin.minDistinctTenants')} rules={[{ required: true, message: t('admin.fieldErrors.generic') }]}>
                      <InputNumber style={{ width: 160 }} />
                    </Form.Item>
                  </SettingsForm>
                </section>
                <section className="panel">
                  <SettingsForm mallId={mallId} section="repeat" initial={{ repeat: settings.repeat }}>
                    <Form.Item name={['repeat', 'lookbackDays']} label={t('admin.lookbackDays')} rules={[{ required: true, message: t('admin.fieldErrors.generic') }]}>
                      <InputNumber style={{ width: 160 }} />
                    </Form.Item>
                  </SettingsForm>
                </section>
                <section className="panel">
                  <SettingsForm mallId={mallId} section="callback" initial={{ callback: settings.callback }}>
                    <DurationFields name={['callback', 'within']} label={t('admin.callbackWithin')} />
                    <DurationFields name={['callback', 'grumblingWithin']} label={t('admin.grumblingWithin')} />
                    <Form.Item name={['callback', 'maxFailedAttempts']} label={t('admin.maxFailedAttempts')}>
                      <InputNumber style={{ width: 160 }} />
                    </Form.Item>
                  </SettingsForm>
                </section>
              </div>
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
