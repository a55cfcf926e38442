import { Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Period } from './api';
import { PERIOD_KINDS, periodsOf } from './period';
import type { PeriodKind } from './report-types';

/** Month, quarter or year, then which one. */
export const PeriodPicker = ({ period, onChange }: { period: Period; onChange: (period: Period) => void }) => {
  const { t } = useTranslation();
  return (
    <Space role="group" aria-label={t('hq.period')}>
      <Select
        aria-label={t('hq.periodKind')}
        style={{ width: 100 }}
        value={period.kind}
        onChange={(kind: PeriodKind) => onChange({ kind, value: periodsOf(kind)[0] })}
        options={PERIOD_KINDS.map((kind) => ({ value: kind, label: t(`hq.periodKinds.${kind}`) }))}
      />
      <Select aria-label={t('hq.periodValue')} style={{ width: 130 }} value={period.value} onChange={(value: string) => onChange({ ...period, value })} options={periodsOf(period.kind).map((value) => ({ value, label: value }))} />
    </Space>
  );
};
