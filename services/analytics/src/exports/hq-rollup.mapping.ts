import type { HqRollup, HqRollupRow, ReportFigures, TargetCheck, TargetId } from '../reports/report.types';
import type { AnalysisDocument, AnalysisSection } from './analysis-document';
import type { ExportColumn } from './export-table';
import { RATES, TARGET_LABELS, targetMet, targetRows, TIMES } from './monthly-analysis.mapping';

/** A line of the roll-up sheet: a mall, or the group's totals (no rank). */
export interface RollupLine {
  rank: number | null;
  mallId: string;
  mallName: string;
  figures: ReportFigures;
  targets: TargetCheck[];
  targetsMet: number | null;
  targetsMissed: number | null;
  score: number | null;
}

const TARGET_IDS: TargetId[] = ['response-within-24h', 'closure-rate', 'closure-rate-stretch', 'satisfaction-rate', 'data-completeness'];

const fromMall = (row: HqRollupRow): RollupLine => ({
  rank: row.rank,
  mallId: row.mallId,
  mallName: row.mallNameEn ? `${row.mallName} ${row.mallNameEn}` : row.mallName,
  figures: row.figures,
  targets: row.targets,
  targetsMet: row.targetsMet,
  targetsMissed: row.targetsMissed,
  score: row.score,
});

/** The group's totals first, then every mall in rank order. */
export const rollupLines = (rollup: HqRollup): RollupLine[] => [
  {
    rank: null,
    mallId: '集团合计',
    mallName: '集团合计 Group total',
    figures: rollup.groupTotals.figures,
    targets: rollup.groupTotals.targets,
    targetsMet: null,
    targetsMissed: null,
    score: null,
  },
  ...[...rollup.malls].sort((a, b) => a.rank - b.rank || a.mallId.localeCompare(b.mallId)).map(fromMall),
];

/** The columns of 集团月报汇总: every mall side by side with the same figures and the group targets met or missed. */
export const rollupColumns = (): ExportColumn<RollupLine>[] => [
  { key: 'rank', headerZh: '排名', headerEn: 'Rank', format: 'integer', width: 7, value: (line) => line.rank },
  { key: 'mallId', headerZh: '商场编码', headerEn: 'Mall', format: 'text', width: 10, value: (line) => line.mallId },
  { key: 'mallName', headerZh: '商场名称', headerEn: 'Mall name', format: 'text', width: 30, value: (line) => line.mallName },
  { key: 'received', headerZh: '受理量', headerEn: 'Received', format: 'integer', value: (line) => line.figures.received },
  { key: 'resolved', headerZh: '已处理', headerEn: 'Resolved', format: 'integer', value: (line) => line.figures.resolved },
  { key: 'closed', headerZh: '已结案', headerEn: 'Closed', format: 'integer', value: (line) => line.figures.closed },
  { key: 'overdue', headerZh: '超时', headerEn: 'Overdue', format: 'integer', value: (line) => line.figures.overdue },
  { key: 'escalated', headerZh: '已升级', headerEn: 'Escalated', format: 'integer', value: (line) => line.figures.escalated },
  ...RATES.map(({ key, zh, en }): ExportColumn<RollupLine> => ({ key, headerZh: zh, headerEn: en, format: 'percent', value: (line) => line.figures[key].rate })),
  ...TIMES.map(({ key, zh, en }): ExportColumn<RollupLine> => ({
    key: `${key}Average`,
    headerZh: `${zh}(平均分钟)`,
    headerEn: `${en} (avg min)`,
    format: 'minutes',
    value: (line) => line.figures[key].averageMinutes,
  })),
  { key: 'score', headerZh: '综合得分', headerEn: 'Score', format: 'decimal', value: (line) => line.score },
  { key: 'targetsMet', headerZh: '达成目标数', headerEn: 'Targets met', format: 'integer', value: (line) => line.targetsMet },
  { key: 'targetsMissed', headerZh: '未达成目标数', headerEn: 'Targets missed', format: 'integer', value: (line) => line.targetsMissed },
  ...TARGET_IDS.map((id): ExportColumn<RollupLine> => ({
    key: `target:${id}`,
    headerZh: TARGET_LABELS[id].split(' (')[0],
    headerEn: TARGET_LABELS[id].split(' (')[1]?.replace(/\)$/, '') ?? id,
    format: 'text',
    width: 14,
    value: (line) => {
      const target = line.targets.find((candidate) => candidate.id === id);
      return target ? targetMet(target.met, target.stretch) : null;
    },
  })),
];

/** The roll-up's analysis: group targets, the ranking and the rates of every mall as a chart, with the footnotes. */
export const rollupAnalysisDocument = (rollup: HqRollup): AnalysisDocument => {
  const malls = [...rollup.malls].sort((a, b) => a.rank - b.rank || a.mallId.localeCompare(b.mallId));
  const sections: AnalysisSection[] = [
    { kind: 'heading', text: '一、集团目标达成 Group targets' },
    {
      kind: 'table',
      title: '集团合计 Group total',
      columns: [
        { headerZh: '集团目标', headerEn: 'Group target', format: 'text', width: 3 },
        { headerZh: '目标值', headerEn: 'Threshold', format: 'percent' },
        { headerZh: '本期', headerEn: rollup.period, format: 'percent' },
        { headerZh: '达成情况', headerEn: 'Met?', format: 'text', width: 2 },
      ],
      rows: targetRows(rollup.groupTotals.targets),
    },
    { kind: 'heading', text: '二、商场排名 Ranking of malls' },
    { kind: 'paragraph', text: rollup.rankingRule },
    {
      kind: 'table',
      title: '排名 Ranking',
      columns: [
        { headerZh: '排名', headerEn: 'Rank', format: 'integer', width: 0.6 },
        { headerZh: '商场', headerEn: 'Mall', format: 'text', width: 2 },
        { headerZh: '受理量', headerEn: 'Received', format: 'integer' },
        { headerZh: '得分', headerEn: 'Score', format: 'decimal' },
        { headerZh: '达成', headerEn: 'Met', format: 'integer', width: 0.6 },
        { headerZh: '未达成', headerEn: 'Missed', format: 'integer', width: 0.6 },
        ...RATES.slice(0, 5).map(({ zh, en }) => ({ headerZh: zh, headerEn: en, format: 'percent' as const })),
      ],
      rows: malls.map((mall) => [
        mall.rank,
        `${mall.mallId} ${mall.mallName}`,
        mall.figures.received,
        mall.score,
        mall.targetsMet,
        mall.targetsMissed,
        ...RATES.slice(0, 5).map(({ key }) => mall.figures[key].rate),
      ]),
      emptyText: '无 (none)',
    },
    {
      kind: 'bar-chart',
      title: '各商场比率 Rates by mall (first 20 by rank)',
      format: 'percent',
      categories: malls.slice(0, 20).map((mall) => mall.mallId),
      series: RATES.filter(({ key }) => key === 'handlingRate' || key === 'closureRate' || key === 'satisfactionRate').map(({ key, zh }) => ({
        name: zh,
        values: malls.slice(0, 20).map((mall) => mall.figures[key].rate),
      })),
    },
  ];
  return {
    title: `集团客诉${rollup.periodKind === 'month' ? '月报' : rollup.periodKind === 'quarter' ? '季报' : '年报'}汇总 ${rollup.period}`,
    subtitle: `HQ roll-up · ${rollup.malls.length} malls · months ${rollup.months.join(', ')} · as of ${rollup.asOf}`,
    sections,
    footnotes: [...rollup.footnotes, `排名规则 Ranking rule: ${rollup.rankingRule}`],
  };
};
