import { Alert, Button, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import '../i18n/steering';
import { download, periodQuery, useHqRollup, type Period } from '../reports/api';
import { FigureName, FigureTile } from '../reports/FigureName';
import { formatRate } from '../reports/format';
import { PeriodPicker } from '../reports/PeriodPicker';
import { periodFrom } from '../reports/period';
import '../reports/steering.css';
import { TargetTag } from '../reports/TargetTag';
import { RATE_KEYS, type HqRollupRow, type ReportFigures, type TargetCheck } from '../reports/report-types';

/** Where a mall's row leads: its month page for a month, else its months of the period. */
export const drillPathOf = (mallId: string, period: Period): string =>
  period.kind === 'month' ? `/malls/${mallId}/month?month=${period.value}` : `/malls/${mallId}/period?${new URLSearchParams(periodQuery(period) as Record<string, string>).toString()}`;

const Targets = ({ checks }: { checks: TargetCheck[] }) => (
  <span className="target-list">
    {checks
      .filter((check) => !check.stretch)
      .map((check) => (
        <TargetTag key={check.id} check={check} named />
      ))}
  </span>
);

/** HQ's roll-up 集团月报汇总: every mall side by side, ranked, targets met or missed, the group's totals. */
const RollupPage = () => {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const period = periodFrom(params);
  const rollup = useHqRollup(period);
  const [downloadFailed, setDownloadFailed] = useState(false);
  const query = new URLSearchParams(periodQuery(period) as Record<string, string>).toString();
  const exportOf = (file: string) => () =>
    download(`/analytics/hq/exports/${file}?${query}`, `rollup-${period.value}-${file}`).then(
      () => setDownloadFailed(false),
      () => setDownloadFailed(true),
    );

  const rateColumns = (figuresOf: (row: HqRollupRow) => ReportFigures): ColumnsType<HqRollupRow> =>
    RATE_KEYS.map((key) => ({
      title: <FigureName figure={key} />,
      key,
      align: 'right' as const,
      width: 100,
      render: (_: unknown, row: HqRollupRow) => <span data-figure={key}>{formatRate(figuresOf(row)[key].rate)}</span>,
    }));

  const totals = rollup.data?.groupTotals;
  return (
    <>
      <h1 className="page-title">{t('hq.rollup.title', { period: period.value })}</h1>
      <div className="toolbar">
        <PeriodPicker period={period} onChange={(next) => setParams(periodQuery(next) as Record<string, string>)} />
        <Space role="group" aria-label={t('month.exports')}>
          <Button onClick={exportOf('rollup.xlsx')}>{t('hq.rollup.xlsx')}</Button>
          <Button onClick={exportOf('rollup.pdf')}>{t('hq.rollup.pdf')}</Button>
        </Space>
      </div>
      {rollup.error && <Alert type="error" showIcon title={t('gm.loadFailed')} />}
      {downloadFailed && <Alert type="error" showIcon title={t('month.downloadFailed')} />}
      {totals && (
        <section className="panel" aria-labelledby="rollup-group" data-testid="group-totals">
          <h2 id="rollup-group" className="panel-title">
            {t('hq.rollup.group')}
          </h2>
          <ul className="figure-grid">
            <FigureTile figure="received">{totals.figures.received}</FigureTile>
            {RATE_KEYS.map((key) => (
              <FigureTile key={key} figure={key}>
                {formatRate(totals.figures[key].rate)}
              </FigureTile>
            ))}
          </ul>
          <div className="steer-section">
            <Targets checks={totals.targets} />
          </div>
        </section>
      )}
      <section className="steer-section" aria-labelledby="rollup-malls">
        <h2 id="rollup-malls" className="panel-title">
          {t('hq.rollup.malls')} {rollup.data && <span className="muted">{t('common.total', { count: rollup.data.malls.length })}</span>}
        </h2>
        <Table<HqRollupRow>
          rowKey="mallId"
          size="small"
          data-testid="rollup-malls"
          loading={rollup.isLoading}
          dataSource={rollup.data?.malls ?? []}
          // Every mall in one ranked list, only the rows in view rendered: 200 malls read as one table.
          virtual
          scroll={{ x: 1500, y: 600 }}
          pagination={false}
          columns={[
            { title: t('hq.rollup.rank'), dataIndex: 'rank', key: 'rank', width: 70, fixed: 'left' },
            {
              title: t('hq.rollup.mall'),
              key: 'mall',
              width: 200,
              fixed: 'left',
              render: (_, row) => (
                <Link to={drillPathOf(row.mallId, period)}>
                  {row.mallName} ({row.mallId})
                </Link>
              ),
            },
            { title: <FigureName figure="received" />, key: 'received', align: 'right', width: 90, render: (_, row) => row.figures.received },
            ...rateColumns((row) => row.figures),
            { title: t('hq.rollup.targets'), key: 'targets', width: 300, render: (_, row) => <Targets checks={row.targets} /> },
            { title: t('hq.rollup.metMissed'), key: 'metMissed', width: 110, render: (_, row) => `${row.targetsMet} / ${row.targetsMissed}` },
          ]}
        />
      </section>
    </>
  );
};

export default RollupPage;
