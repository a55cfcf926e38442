import type {
  CaseListEntry,
  CountRow,
  DimensionCounts,
  MallMonthlyReport,
  RateFigure,
  ReportFigures,
  TargetCheck,
  TargetId,
  TimeFigure,
} from '../reports/report.types';
import type { AnalysisDocument, AnalysisSection, AnalysisTable, BarChart, LineChart } from './analysis-document';
import { labelZh, type ExportNames } from './export-labels';
import { shiftMonth } from '../figures/reporting-period';
import { formatLocalInstant, localInstant, type CellValue } from './export-table';

type RateKey = 'handlingRate' | 'timelinessRate' | 'callbackRate' | 'satisfactionRate' | 'closureRate' | 'dataCompleteness' | 'responseWithin24h';
type TimeKey = 'timeToForward' | 'timeToFirstReply' | 'timeToResolve' | 'timeToCallback';
type CountKey = 'received' | 'resolved' | 'closed' | 'open' | 'reopened' | 'escalated' | 'overdue';

export const RATES: readonly { key: RateKey; zh: string; en: string }[] = [
  { key: 'handlingRate', zh: '处理率', en: 'Handling rate' },
  { key: 'timelinessRate', zh: '及时率', en: 'Timeliness rate' },
  { key: 'callbackRate', zh: '回访率', en: 'Callback rate' },
  { key: 'satisfactionRate', zh: '满意率', en: 'Satisfaction rate' },
  { key: 'closureRate', zh: '结案率', en: 'Closure rate' },
  { key: 'dataCompleteness', zh: '数据完整率', en: 'Data completeness' },
  { key: 'responseWithin24h', zh: '24小时响应率', en: 'Response within 24 h' },
];

export const TIMES: readonly { key: TimeKey; zh: string; en: string }[] = [
  { key: 'timeToForward', zh: '转派时长', en: 'Time to forward' },
  { key: 'timeToFirstReply', zh: '首次反馈时长', en: 'Time to first reply' },
  { key: 'timeToResolve', zh: '处理时长', en: 'Time to resolve' },
  { key: 'timeToCallback', zh: '回访时长', en: 'Time to callback' },
];

const COUNTS: readonly { key: CountKey; zh: string; en: string }[] = [
  { key: 'received', zh: '受理量', en: 'Received' },
  { key: 'resolved', zh: '已处理', en: 'Resolved' },
  { key: 'closed', zh: '已结案', en: 'Closed' },
  { key: 'open', zh: '未处理完', en: 'Open' },
  { key: 'reopened', zh: '重开', en: 'Reopened' },
  { key: 'escalated', zh: '已升级', en: 'Escalated' },
  { key: 'overdue', zh: '超时', en: 'Overdue' },
];

export const DIMENSIONS: readonly { key: keyof DimensionCounts; zh: string; en: string; department?: boolean }[] = [
  { key: 'byKind', zh: '按类型', en: 'By kind' },
  { key: 'byCategory', zh: '按类别', en: 'By category' },
  { key: 'byChannel', zh: '按渠道', en: 'By channel' },
  { key: 'byComplainantType', zh: '按投诉人类型', en: 'By complainant type' },
  { key: 'byOwningDepartment', zh: '按责任部门', en: 'By owning department', department: true },
  { key: 'byHandlingDepartment', zh: '按处理部门', en: 'By handling department', department: true },
  { key: 'bySeverity', zh: '按严重程度', en: 'By severity' },
  { key: 'byValidity', zh: '按有效性', en: 'By validity' },
  { key: 'byResponsibility', zh: '按责任判定', en: 'By responsibility' },
];

export const TARGET_LABELS: Readonly<Record<TargetId, string>> = {
  'response-within-24h': '24小时响应率 (Response within 24 h)',
  'closure-rate': '结案率 (Closure rate)',
  'closure-rate-stretch': '结案率挑战目标 (Closure rate, stretch)',
  'satisfaction-rate': '满意率 (Satisfaction rate)',
  'data-completeness': '数据完整率 (Data completeness)',
};

/** The number of the footnote that defines a figure (its line starts with the Chinese name), for a "see note n" column. */
const footnoteNumber = (footnotes: readonly string[], nameZh: string): number | null => {
  const index = footnotes.findIndex((note) => note.startsWith(`${nameZh} (`) || note.startsWith(`${nameZh}（`));
  return index < 0 ? null : index + 1;
};

const rateOf = (figures: ReportFigures | undefined, key: RateKey): number | null => (figures ? (figures[key] as RateFigure).rate : null);
const pointsChange = (now: number | null, before: number | null): number | null => (now === null || before === null ? null : (now - before) * 100);
const relativeChange = (now: number, before: number | undefined): number | null => (before === undefined || before === 0 ? null : (now - before) / before);

const countOf = (rows: readonly CountRow[] | undefined, key: string): number | null => {
  if (!rows) return null;
  return rows.find((row) => row.key === key)?.count ?? 0;
};

export const targetMet = (met: boolean | null, stretch: boolean): string => {
  if (met === null) return '无数据 (no data)';
  if (met) return '达成 (met)';
  return stretch ? '未达挑战目标 (stretch missed)' : '未达成 (missed)';
};

export const targetRows = (targets: readonly TargetCheck[]): CellValue[][] =>
  targets.map((target) => [TARGET_LABELS[target.id] ?? target.id, target.threshold, target.rate, targetMet(target.met, target.stretch)]);

const TARGET_COLUMNS: AnalysisTable['columns'] = [
  { headerZh: '集团目标', headerEn: 'Group target', format: 'text', width: 3 },
  { headerZh: '目标值', headerEn: 'Threshold', format: 'percent' },
  { headerZh: '本期', headerEn: 'This period', format: 'percent' },
  { headerZh: '达成情况', headerEn: 'Met?', format: 'text', width: 2 },
];


const caseListTable = (title: string, cases: readonly CaseListEntry[], timeZone: string, mallId: string, names: ExportNames): AnalysisTable => ({
  kind: 'table',
  title,
  columns: [
    { headerZh: '案件编号', headerEn: 'Case number', format: 'text', width: 2.2 },
    { headerZh: '类别', headerEn: 'Category', format: 'text', width: 1.2 },
    { headerZh: '严重程度', headerEn: 'Severity', format: 'text' },
    { headerZh: '处理部门', headerEn: 'Handling dept', format: 'text', width: 1.2 },
    { headerZh: '受理时间', headerEn: 'Received at', format: 'datetime', width: 1.8 },
    { headerZh: '超时时限', headerEn: 'Late clocks', format: 'text', width: 2 },
    { headerZh: '状态', headerEn: 'Status', format: 'text' },
  ],
  rows: cases.map((entry) => [
    entry.caseNumber,
    labelZh(entry.category),
    labelZh(entry.severity),
    names.department(mallId, entry.handlingDepartmentId),
    localInstant(entry.receivedAt, timeZone),
    entry.lateClocks.map((clock) => `${clock.kind} ≤ ${formatLocalInstant({ instant: clock.dueAt, timeZone })}`).join('; ') || null,
    labelZh(entry.closedAt ? 'closed' : entry.resolvedAt ? 'resolved' : 'open'),
  ]),
  emptyText: '无 (none)',
});

/**
 * 客诉月报分析 of one mall's month, as content: overview, rates with their definitions' footnote
 * numbers, the month against the previous month and the same month last year (tables and charts),
 * counts by every dimension, hot spots, overdue and escalated cases, customers' comments.
 */
export const monthlyAnalysisDocument = (report: MallMonthlyReport, names: ExportNames): AnalysisDocument => {
  const previous = report.previousMonth;
  const lastYear = report.sameMonthLastYear;
  const previousLabel = previous?.period ?? shiftMonth(report.month, -1);
  const lastYearLabel = lastYear?.period ?? shiftMonth(report.month, -12);
  const comparedColumns = (format: 'integer' | 'percent' | 'minutes'): AnalysisTable['columns'] => [
    { headerZh: '本月', headerEn: report.month, format },
    { headerZh: '上月', headerEn: previousLabel, format },
    { headerZh: '去年同期', headerEn: lastYearLabel, format },
  ];
  const sections: AnalysisSection[] = [];

  sections.push({ kind: 'heading', text: '一、总体情况 Overview' });
  sections.push({
    kind: 'table',
    title: '案件数量 Case counts',
    columns: [
      { headerZh: '项目', headerEn: 'Item', format: 'text', width: 2 },
      ...comparedColumns('integer'),
      { headerZh: '环比', headerEn: 'vs previous', format: 'percent' },
      { headerZh: '同比', headerEn: 'vs last year', format: 'percent' },
    ],
    rows: COUNTS.map(({ key, zh, en }) => [
      `${zh} ${en}`,
      report.figures[key],
      previous ? previous.figures[key] : null,
      lastYear ? lastYear.figures[key] : null,
      relativeChange(report.figures[key], previous?.figures[key]),
      relativeChange(report.figures[key], lastYear?.figures[key]),
    ]),
  });

  sections.push({ kind: 'heading', text: '二、指标 Rates and times' });
  sections.push({
    kind: 'table',
    title: '比率（定义见脚注）Rates (definitions in the footnotes)',
    columns: [
      { headerZh: '指标', headerEn: 'Figure', format: 'text', width: 2 },
      ...comparedColumns('percent'),
      { headerZh: '分子/分母', headerEn: 'Num./denom.', format: 'text' },
      { headerZh: '环比(百分点)', headerEn: 'vs prev. (pp)', format: 'decimal' },
      { headerZh: '同比(百分点)', headerEn: 'vs last yr (pp)', format: 'decimal' },
      { headerZh: '脚注', headerEn: 'Note', format: 'integer', width: 0.6 },
    ],
    rows: RATES.map(({ key, zh, en }) => {
      const figure = report.figures[key];
      return [
        `${zh} ${en}`,
        figure.rate,
        rateOf(previous?.figures, key),
        rateOf(lastYear?.figures, key),
        `${figure.numerator}/${figure.denominator}`,
        pointsChange(figure.rate, rateOf(previous?.figures, key)),
        pointsChange(figure.rate, rateOf(lastYear?.figures, key)),
        footnoteNumber(report.footnotes, zh),
      ];
    }),
  });
  const ratesChart: BarChart = {
    kind: 'bar-chart',
    title: '比率：本月、上月、去年同期 Rates: this month, previous month, same month last year',
    format: 'percent',
    categories: RATES.map(({ zh }) => zh),
    series: [
      { name: `本月 ${report.month}`, values: RATES.map(({ key }) => report.figures[key].rate) },
      { name: `上月 ${previousLabel}`, values: RATES.map(({ key }) => rateOf(previous?.figures, key)) },
      { name: `去年同期 ${lastYearLabel}`, values: RATES.map(({ key }) => rateOf(lastYear?.figures, key)) },
    ],
  };
  sections.push(ratesChart);
  const trend: LineChart = {
    kind: 'line-chart',
    title: '比率走势 Rate trend (same month last year → previous month → this month)',
    format: 'percent',
    labels: [lastYearLabel, previousLabel, report.month],
    series: RATES.slice(0, 5).map(({ key, zh }) => ({ name: zh, values: [rateOf(lastYear?.figures, key), rateOf(previous?.figures, key), report.figures[key].rate] })),
  };
  sections.push(trend);
  sections.push({
    kind: 'table',
    title: '时长（分钟，平均 / 90分位）Times in minutes (average / 90th percentile)',
    columns: [
      { headerZh: '指标', headerEn: 'Figure', format: 'text', width: 2 },
      { headerZh: '案件数', headerEn: 'Cases', format: 'integer' },
      { headerZh: '平均', headerEn: 'Average', format: 'minutes' },
      { headerZh: '90分位', headerEn: 'p90', format: 'minutes' },
      { headerZh: '上月平均', headerEn: `Avg ${previousLabel}`, format: 'minutes' },
      { headerZh: '去年同期平均', headerEn: `Avg ${lastYearLabel}`, format: 'minutes' },
      { headerZh: '脚注', headerEn: 'Note', format: 'integer', width: 0.6 },
    ],
    rows: TIMES.map(({ key, zh, en }) => {
      const figure: TimeFigure = report.figures[key];
      return [
        `${zh} ${en}`,
        figure.count,
        figure.averageMinutes,
        figure.p90Minutes,
        previous ? previous.figures[key].averageMinutes : null,
        lastYear ? lastYear.figures[key].averageMinutes : null,
        footnoteNumber(report.footnotes, zh),
      ];
    }),
  });
  sections.push({ kind: 'table', title: '集团目标达成 Group targets (DOMAIN §6)', columns: TARGET_COLUMNS, rows: targetRows(report.targets) });

  sections.push({ kind: 'heading', text: '三、分类统计 Counts by dimension' });
  for (const dimension of DIMENSIONS) {
    const label = (key: string): string | null =>
      dimension.department ? (key === 'unknown' ? labelZh(key) : names.department(report.mallId, key)) : labelZh(key);
    const rows = report.counts[dimension.key];
    sections.push({
      kind: 'table',
      title: `${dimension.zh} ${dimension.en}`,
      columns: [
        { headerZh: '项目', headerEn: 'Value', format: 'text', width: 2 },
        { headerZh: '本月', headerEn: report.month, format: 'integer' },
        { headerZh: '占比', headerEn: 'Share', format: 'percent' },
        { headerZh: '上月', headerEn: previousLabel, format: 'integer' },
        { headerZh: '去年同期', headerEn: lastYearLabel, format: 'integer' },
      ],
      rows: rows.map((row) => [label(row.key), row.count, row.share, countOf(previous?.counts[dimension.key], row.key), countOf(lastYear?.counts[dimension.key], row.key)]),
      emptyText: '无 (none)',
    });
    if (dimension.key === 'byCategory' || dimension.key === 'byChannel') {
      const shown = rows.slice(0, 12);
      sections.push({
        kind: 'bar-chart',
        title: `${dimension.zh}：本月、上月、去年同期 ${dimension.en}`,
        format: 'integer',
        categories: shown.map((row) => label(row.key) ?? row.key),
        series: [
          { name: `本月 ${report.month}`, values: shown.map((row) => row.count) },
          { name: `上月 ${previousLabel}`, values: shown.map((row) => countOf(previous?.counts[dimension.key], row.key)) },
          { name: `去年同期 ${lastYearLabel}`, values: shown.map((row) => countOf(lastYear?.counts[dimension.key], row.key)) },
        ],
      });
    }
  }

  sections.push({ kind: 'heading', text: '四、热点问题 Hot spots (recurring matters)' });
  sections.push({
    kind: 'table',
    title: '同类别同地点/事项反复出现 Same category at the same place/subject',
    columns: [
      { headerZh: '类别', headerEn: 'Category', format: 'text' },
      { headerZh: '地点/事项', headerEn: 'Place/subject', format: 'text', width: 2 },
      { headerZh: '案件数', headerEn: 'Cases', format: 'integer' },
      { headerZh: '登记次数', headerEn: 'Registrations', format: 'integer' },
      { headerZh: '首次受理', headerEn: 'First received', format: 'datetime', width: 1.6 },
      { headerZh: '最近受理', headerEn: 'Last received', format: 'datetime', width: 1.6 },
      { headerZh: '案件编号', headerEn: 'Case numbers', format: 'text', width: 2.5 },
    ],
    rows: report.hotSpots.map((spot) => [
      labelZh(spot.category),
      spot.subject,
      spot.cases,
      spot.registrations,
      localInstant(spot.firstReceivedAt, report.timeZone),
      localInstant(spot.lastReceivedAt, report.timeZone),
      spot.caseNumbers.join(', '),
    ]),
    emptyText: '无 (none)',
  });

  sections.push({ kind: 'heading', text: '五、超时与升级案件 Overdue and escalated cases' });
  sections.push(caseListTable('超时案件 Overdue cases', report.overdueCases, report.timeZone, report.mallId, names));
  sections.push(caseListTable('升级案件 Escalated cases', report.escalatedCases, report.timeZone, report.mallId, names));

  sections.push({ kind: 'heading', text: '六、客户意见 Customers’ comments at callback' });
  sections.push({
    kind: 'table',
    title: '回访意见 Comments',
    columns: [
      { headerZh: '案件编号', headerEn: 'Case number', format: 'text', width: 1.6 },
      { headerZh: '满意度', headerEn: 'Satisfaction', format: 'text' },
      { headerZh: '回访时间', headerEn: 'Called back at', format: 'datetime', width: 1.4 },
      { headerZh: '意见', headerEn: 'Comment', format: 'text', width: 4 },
    ],
    rows: report.satisfactionComments.map((comment) => [comment.caseNumber, labelZh(comment.satisfaction), localInstant(comment.calledBackAt, report.timeZone), comment.comment]),
    emptyText: '无 (none)',
  });

  return {
    title: `${report.mallName} 客诉月报分析 ${report.month}`,
    subtitle: `${report.mallNameEn ?? report.mallId} · Monthly complaint analysis · 统计截至 as of ${formatLocalInstant({ instant: report.asOf, timeZone: report.timeZone })} (${report.timeZone})`,
    sections,
    footnotes: report.footnotes,
  };
};
