import { Button, Radio, Select, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatTime, inMall } from '../common/time';
import { CATEGORIES, CHANNELS, KINDS } from '../desk/channel-fields';
import { DETAIL_PAGE_SIZE, useCaseDetail, type CaseDetailFilters, type DetailPeriod } from '../reports/api';
import { isoWeekOf, weeksOf } from '../reports/format';
import type { CaseDetailRow } from '../reports/report-types';

const SEVERITIES = ['general', 'major', 'critical'] as const;
/** The filters a GM sets, by their names in the page's address (the API's names). */
const CHOICES = { kind: KINDS, category: CATEGORIES, channel: CHANNELS, severity: SEVERITIES } as const;
type Choice = keyof typeof CHOICES;
const FLAGS = ['resolved', 'closed'] as const;

/** The filters the address names, only values analytics would take. */
export const detailFiltersOf = (params: URLSearchParams): CaseDetailFilters => {
  const filters: Record<string, string | boolean> = {};
  for (const [name, values] of Object.entries(CHOICES)) {
    const value = params.get(name);
    if (value && (values as readonly string[]).includes(value)) filters[name] = value;
  }
  const department = params.get('handlingDepartmentId');
  if (department) filters.handlingDepartmentId = department;
  for (const flag of FLAGS) {
    const value = params.get(flag);
    if (value === 'true' || value === 'false') filters[flag] = value === 'true';
  }
  return filters as CaseDetailFilters;
};

/** The week the address names when it is one of the month's, else the month. */
export const detailPeriodOf = (params: URLSearchParams, month: string): DetailPeriod => {
  const week = params.get('week');
  return params.get('detail') === 'week' && week && weeksOf(month).some((each) => each.week === week) ? { week } : { month };
};

export const queryOf = (period: DetailPeriod, filters: CaseDetailFilters): string =>
  new URLSearchParams(Object.entries({ ...period, ...filters }).map(([key, value]) => [key, String(value)])).toString();

/**
 * The weekly or monthly detail 客诉周报明细 / 客诉月报明细 of one mall: one row per case, the report's
 * filters above it, and the same filters in the CSV or weekly workbook it downloads.
 */
export const CaseDetailSection = ({
  mallId,
  month,
  departments,
  onDownload,
  now = new Date(),
}: {
  mallId: string;
  month: string;
  departments: string[];
  onDownload: (path: string, name: string) => void;
  now?: Date;
}) => {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const period = detailPeriodOf(params, month);
  const filters = detailFiltersOf(params);
  const page = Number(params.get('page') ?? 1) || 1;
  const detail = useCaseDetail(mallId, period, filters, page);
  const weeks = weeksOf(month);
  // This week when the month holds it, else the month's first.
  const thisWeek = isoWeekOf(Date.parse(`${inMall(now).format('YYYY-MM-DD')}T00:00:00Z`));
  const firstWeek = weeks.some((each) => each.week === thisWeek) ? thisWeek : weeks[0].week;
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };
  const query = queryOf(period, filters);
  const label = (dictionary: string) => (value: string) => t(`${dictionary}.${value}`, { defaultValue: value });
  const select = (name: Choice | 'handlingDepartmentId', title: string, values: readonly string[], text: (value: string) => string) => (
    <Select
      key={name}
      aria-label={title}
      placeholder={title}
      allowClear
      style={{ minWidth: 130 }}
      value={(filters as Record<string, string | undefined>)[name]}
      onChange={(value: string | undefined) => update({ [name]: value })}
      options={values.map((value) => ({ value, label: text(value) }))}
    />
  );
  const yesNo = (flag: (typeof FLAGS)[number]) => (
    <Select
      key={flag}
      aria-label={t(`detail.${flag}`)}
      placeholder={t(`detail.${flag}`)}
      allowClear
      style={{ minWidth: 120 }}
      value={filters[flag] === undefined ? undefined : String(filters[flag])}
      onChange={(value: string | undefined) => update({ [flag]: value })}
      options={[
        { value: 'true', label: `${t(`detail.${flag}`)}：${t('detail.yes')}` },
        { value: 'false', label: `${t(`detail.${flag}`)}：${t('detail.no')}` },
      ]}
    />
  );

  return (
    <section className="panel steer-section" aria-labelledby="month-detail">
      <h2 id="month-detail" className="panel-title">
        {t('detail.title')}
      </h2>
      <div className="toolbar">
        <Radio.Group
          aria-label={t('detail.period')}
          optionType="button"
          value={'week' in period ? 'week' : 'month'}
          onChange={(event) => update(event.target.value === 'week' ? { detail: 'week', week: firstWeek } : { detail: undefined, week: undefined })}
          options={(['month', 'week'] as const).map((value) => ({ value, label: t(`detail.periods.${value}`) }))}
        />
        {'week' in period && (
          <Select
            aria-label={t('detail.week')}
            style={{ width: 300 }}
            value={period.week}
            onChange={(week: string) => update({ detail: 'week', week })}
            options={weeks.map((each) => ({ value: each.week, label: t('detail.weekOption', each) }))}
          />
        )}
        <Space role="group" aria-label={t('month.exports')}>
          {'week' in period ? (
            <Button onClick={() => onDownload(`/analytics/malls/${mallId}/exports/weekly.xlsx?${query}`, `${mallId}-${period.week}.xlsx`)}>{t('detail.weeklyXlsx')}</Button>
          ) : (
            <Button onClick={() => onDownload(`/analytics/malls/${mallId}/exports/monthly-detail.csv?${query}`, `${mallId}-${month}.csv`)}>{t('detail.csv')}</Button>
          )}
        </Space>
      </div>
      <Space wrap role="group" aria-label={t('detail.filters')} className="steer-section">
        {select('kind', t('detail.kind'), KINDS, label('kinds'))}
        {select('category', t('gm.category'), CATEGORIES, label('categories'))}
        {select('channel', t('detail.channel'), CHANNELS, label('channels'))}
        {select('severity', t('gm.severity'), SEVERITIES, label('severities'))}
        {select('handlingDepartmentId', t('gm.department'), departments, label('departments'))}
        {FLAGS.map(yesNo)}
      </Space>
      <Table<CaseDetailRow>
        rowKey="complaintId"
        size="small"
        data-testid="month-detail"
        loading={detail.isLoading}
        dataSource={detail.data?.rows ?? []}
        pagination={{
          current: page,
          pageSize: DETAIL_PAGE_SIZE,
          total: detail.data?.total ?? 0,
          onChange: (next) => update({ page: String(next) }),
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { count: total }),
        }}
        columns={[
          { title: t('gm.caseNumber'), key: 'caseNumber', render: (_, row) => <Link to={`/case/${row.complaintId}`}>{row.caseNumber}</Link> },
          { title: t('detail.kind'), key: 'kind', render: (_, row) => label('kinds')(row.kind) },
          { title: t('gm.category'), key: 'category', render: (_, row) => label('categories')(row.category) },
          { title: t('detail.channel'), key: 'channel', render: (_, row) => (row.channel ? label('channels')(row.channel) : '—') },
          { title: t('gm.severity'), key: 'severity', render: (_, row) => (row.severity ? label('severities')(row.severity) : t('gm.unclassified')) },
          { title: t('gm.department'), key: 'department', render: (_, row) => (row.handlingDepartmentId ? label('departments')(row.handlingDepartmentId) : '—') },
          { title: t('gm.status'), key: 'status', render: (_, row) => t(`caseStatus.${row.status}`, { defaultValue: row.status }) },
          { title: t('gm.receivedAt'), key: 'receivedAt', render: (_, row) => formatTime(row.receivedAt) },
          { title: t('month.satisfaction'), key: 'satisfaction', render: (_, row) => (row.satisfaction ? label('satisfaction')(row.satisfaction) : '—') },
        ]}
      />
    </section>
  );
};
