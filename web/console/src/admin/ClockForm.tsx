import { Alert, Form, InputNumber, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ruleMessageOf } from '../api/problem';
import { showFieldErrors, useSaveClock, type ClockPolicy, type Duration } from './policy-data';

export const UNITS: Duration['unit'][] = ['minutes', 'hours', 'days', 'working-days', 'end-of-day'];

interface ClockValues {
  target: Duration;
  warnAt?: number | null;
  escalateEvery?: Partial<Duration>;
}

/** A group admin changes one clock's duration, first warning point and escalation interval. */
export const ClockForm = ({ clock, onClose }: { clock: ClockPolicy; onClose: () => void }) => {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<ClockValues>();
  const save = useSaveClock(clock.kind);
  const unitOptions = UNITS.map((unit) => ({ value: unit, label: t(`admin.units.${unit}`) }));
  return (
    <Modal
      open
      title={t('admin.clockEdit', { clock: t(`clockKinds.${clock.kind}`, { defaultValue: clock.kind }) })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<ClockValues>
        form={form}
        layout="vertical"
        initialValues={{ target: clock.target, warnAt: clock.warnAtPercent?.[0] ?? null, escalateEvery: clock.escalateEvery ?? {} }}
        onFinish={(values) =>
          save.mutate(
            {
              target: values.target,
              ...(values.warnAt ? { warnAtPercent: [values.warnAt] } : {}),
              ...(values.escalateEvery?.amount && values.escalateEvery.unit ? { escalateEvery: values.escalateEvery as Duration } : {}),
            },
            { onSuccess: onClose, onError: (error) => void showFieldErrors(form, error, t) },
          )
        }
      >
        <Space align="start">
          <Form.Item name={['target', 'amount']} label={t('admin.duration')} rules={[{ required: true, message: t('admin.fieldErrors.generic') }]}>
            <InputNumber style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name={['target', 'unit']} label={t('admin.unit')}>
            <Select style={{ width: 180 }} options={unitOptions} />
          </Form.Item>
        </Space>
        <Form.Item name="warnAt" label={t('admin.warnAtPercent')}>
          <InputNumber style={{ width: 120 }} />
        </Form.Item>
        <Space align="start">
          <Form.Item name={['escalateEvery', 'amount']} label={t('admin.escalateEvery')}>
            <InputNumber style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name={['escalateEvery', 'unit']} label={t('admin.unit')}>
            <Select style={{ width: 180 }} allowClear options={unitOptions} />
          </Form.Item>
        </Space>
      </Form>
      {save.isError && !(save.error as { problem?: { errors?: unknown[] } }).problem?.errors?.length && <Alert type="error" showIcon title={ruleMessageOf(save.error, t, (key) => i18n.exists(key))} />}
    </Modal>
  );
};
