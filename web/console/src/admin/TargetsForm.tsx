import { Form, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiErrors, useSaveTargets } from './org-data';
import type { GroupTargets } from './policy-data';
import { SaveBar } from './SaveBar';
import './admin.css';

/** The procedures' values (001 §1, §10), shown when the policy names no targets; the API holds the same defaults. */
const PROCEDURE_TARGETS: GroupTargets = { responseWithin24h: 0.95, closureRate: 0.95, closureRateStretch: 0.98, satisfactionRate: 0.9, dataCompleteness: 1 };
const KEYS = Object.keys(PROCEDURE_TARGETS) as (keyof GroupTargets)[];

type Percentages = Record<keyof GroupTargets, number>;

// Shares on the wire, percentages on screen; rounded so 0.95 does not show as 95.00000000000001.
const toPercent = (share: number): number => Math.round(share * 1000) / 10;
const toShare = (percent: number): number => Math.round(percent * 10) / 1000;

/** The group-wide targets every mall's reports are checked against (group admins). */
export const TargetsForm = ({ targets }: { targets: GroupTargets | undefined }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Percentages>();
  const save = useSaveTargets();
  const errors = useApiErrors(form, t, []);
  const current = { ...PROCEDURE_TARGETS, ...targets };
  return (
    <Form<Percentages>
      form={form}
      layout="vertical"
      aria-label={t('admin.targets.title')}
      initialValues={Object.fromEntries(KEYS.map((key) => [key, toPercent(current[key])]))}
      onValuesChange={() => save.reset()}
      onFinish={(values) => save.mutate(Object.fromEntries(KEYS.map((key) => [key, toShare(values[key])])), { onError: (error) => void errors.show(error) })}
    >
      <h2 className="panel-title">{t('admin.targets.title')}</h2>
      <p className="muted">{t('admin.targets.hint')}</p>
      {KEYS.map((key) => (
        <Form.Item key={key} name={key} label={t(`admin.targets.${key}`)} rules={[{ required: true, message: t('admin.fieldErrors.share') }]}>
          <InputNumber min={0.1} max={100} suffix="%" style={{ width: 160 }} />
        </Form.Item>
      ))}
      <SaveBar pending={save.isPending} result={save.data} error={save.error} />
    </Form>
  );
};
