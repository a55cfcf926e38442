import { Button, Form, InputNumber, Select, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { UNITS } from './ClockForm';
import { useApiErrors, useSaveSettingsOf, type Settings } from './org-data';
import type { MallSettings } from './policy-data';
import { SaveBar } from './SaveBar';
import { SeverityFields } from './SeverityFields';
import './admin.css';

/** One section of the settings, saved on its own (PATCH sends only that section). */
const SettingsForm = ({
  mallId,
  section,
  initial,
  own,
  group,
  children,
}: {
  mallId: string | null;
  section: keyof MallSettings;
  initial: MallSettings;
  own: boolean;
  /** The group's value of the section, shown once the mall follows it again. */
  group: MallSettings;
  children: ReactNode;
}) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Settings>();
  const save = useSaveSettingsOf(mallId);
  const errors = useApiErrors(form, t, []);
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      aria-label={t(`admin.sections.${section}`)}
      onValuesChange={() => save.reset()}
      onFinish={(values) => save.mutate({ [section]: values[section] }, { onError: (error) => void errors.show(error) })}
    >
      <h2 className="panel-title">{t(`admin.sections.${section}`)}</h2>
      <p className="muted">{t(`admin.hints.${section}`)}</p>
      {mallId !== null && <p className="muted">{own ? t('admin.settingsOwn') : t('admin.settingsFollowGroup')}</p>}
      {children}
      <SaveBar pending={save.isPending} result={save.data} error={save.error} />
      {mallId !== null && own && (
        // null: the mall follows the group's setting again.
        <Button style={{ marginTop: 8 }} disabled={save.isPending} onClick={() => save.mutate({ [section]: null }, { onSuccess: () => form.setFieldsValue({ [section]: group[section] }), onError: (error) => void errors.show(error) })}>
          {t('admin.followGroupAgain')}
        </Button>
      )}
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

/** The severity, collective, repeat and callback settings, each its own form: a mall's (over the group's) or the group's. */
export const SettingsSections = ({ mallId, settings, own = {}, group = settings }: { mallId: string | null; settings: MallSettings; own?: MallSettings; group?: MallSettings }) => {
  const { t } = useTranslation();
  return (
    <div className="steer-grid">
      {settings.severity && (
        <section className="panel">
          <SettingsForm section="severity" initial={{ severity: settings.severity }} own={own.severity !== undefined} group={group} mallId={mallId}>
            <SeverityFields />
          </SettingsForm>
        </section>
      )}
      <section className="panel">
        <SettingsForm section="collective" initial={{ collective: settings.collective }} own={own.collective !== undefined} group={group} mallId={mallId}>
          <Form.Item name={['collective', 'windowMinutes']} label={t('admin.windowMinutes')} rules={[{ required: true, message: t('admin.fieldErrors.generic') }]}>
            <InputNumber style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name={['collective', 'minDistinctTenants']} label={t('admin.minDistinctTenants')} rules={[{ required: true, message: t('admin.fieldErrors.generic') }]}>
            <InputNumber style={{ width: 160 }} />
          </Form.Item>
        </SettingsForm>
      </section>
      <section className="panel">
        <SettingsForm section="repeat" initial={{ repeat: settings.repeat }} own={own.repeat !== undefined} group={group} mallId={mallId}>
          <Form.Item name={['repeat', 'lookbackDays']} label={t('admin.lookbackDays')} rules={[{ required: true, message: t('admin.fieldErrors.generic') }]}>
            <InputNumber style={{ width: 160 }} />
          </Form.Item>
        </SettingsForm>
      </section>
      <section className="panel">
        <SettingsForm section="callback" initial={{ callback: settings.callback }} own={own.callback !== undefined} group={group} mallId={mallId}>
          <DurationFields name={['callback', 'within']} label={t('admin.callbackWithin')} />
          <DurationFields name={['callback', 'grumblingWithin']} label={t('admin.grumblingWithin')} />
          <Form.Item name={['callback', 'maxFailedAttempts']} label={t('admin.maxFailedAttempts')}>
            <InputNumber style={{ width: 160 }} />
          </Form.Item>
        </SettingsForm>
      </section>
    </div>
  );
};
