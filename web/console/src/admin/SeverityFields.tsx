import { Button, Form, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHANNELS } from '../desk/channel-fields';
import { UNITS } from './ClockForm';
import './admin.css';

const SEVERITIES = ['general', 'major', 'critical'] as const;

/** DOMAIN §4: the severity the system sets by itself (collective, repeats, channels, unresolved too long), under `severity`. */
export const SeverityFields = () => {
  const { t } = useTranslation();
  const severityOptions = SEVERITIES.map((severity) => ({ value: severity, label: t(`severities.${severity}`) }));
  const required = [{ required: true, message: t('admin.fieldErrors.generic') }];
  return (
    <>
      <Form.Item name={['severity', 'collective']} label={t('admin.severity.collective')} rules={required}>
        <Select style={{ width: 160 }} options={severityOptions} />
      </Form.Item>
      <Form.Item name={['severity', 'repeatCountForMajor']} label={t('admin.severity.repeatCountForMajor')} rules={required}>
        <InputNumber style={{ width: 160 }} />
      </Form.Item>
      <Form.List name={['severity', 'channels']}>
        {(fields, { add, remove }) => (
          <fieldset className="plain-fieldset">
            <legend>{t('admin.severity.channels')}</legend>
            {fields.map((field) => (
              <div key={field.key} className="admin-row">
                <Form.Item name={[field.name, 'channel']} label={t('admin.severity.channel')} rules={required}>
                  <Select style={{ width: 150 }} options={CHANNELS.map((channel) => ({ value: channel, label: t(`channels.${channel}`) }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'severity']} label={t('admin.severity.atLeast')} rules={required}>
                  <Select style={{ width: 110 }} options={severityOptions} />
                </Form.Item>
                <Button size="small" autoInsertSpace={false} onClick={() => remove(field.name)} style={{ marginTop: 34 }} aria-label={t('admin.severity.removeChannel', { n: field.name + 1 })}>
                  {t('admin.form.remove')}
                </Button>
              </div>
            ))}
            <div>
              <Button size="small" onClick={() => add({ severity: 'major' })}>
                {t('admin.severity.addChannel')}
              </Button>
            </div>
          </fieldset>
        )}
      </Form.List>
      <Space align="start" wrap>
        <Form.Item name={['severity', 'unresolvedUpgrade', 'after', 'amount']} label={t('admin.severity.unresolvedAfter')} rules={required}>
          <InputNumber style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name={['severity', 'unresolvedUpgrade', 'after', 'unit']} label={t('admin.unit')} rules={required}>
          <Select style={{ width: 140 }} options={UNITS.filter((unit) => unit !== 'end-of-day').map((unit) => ({ value: unit, label: t(`admin.units.${unit}`) }))} />
        </Form.Item>
        <Form.Item name={['severity', 'unresolvedUpgrade', 'to']} label={t('admin.severity.upgradeTo')} rules={required}>
          <Select style={{ width: 140 }} options={severityOptions} />
        </Form.Item>
      </Space>
    </>
  );
};
