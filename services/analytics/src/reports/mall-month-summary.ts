import {
  callbackRate,
  countBy,
  durationsOf,
  handlingRate,
  isClockDue,
  nearestRankPercentile,
  periodFiguresOf,
  satisfactionRate,
  TIME_FIGURE_KEYS,
  TIME_FIGURES,
  timelinessRate,
  timeToFirstReply,
  timeToResolve,
  type RateFigure,
  type TimeFigure,
  type TimeFigureKey,
} from '../figures/figures';
import type { CaseRecord } from '../figures/case-record';
import { countedCases } from '../figures/counted-cases';
import type { FigureId } from '../figures/figure-definitions';
import type {
  CaseListEntry,
  CountRow,
  DepartmentPerformance,
  DimensionCounts,
  HandlerPerformance,
  HotSpot,
  ReportFigures,
  SatisfactionComment,
} from './report.types';

const isInquiry = (record: CaseRecord): boolean => record.kind === 'inquiry';

/** Target clocks past their deadline: breached, met late, or running beyond it at `asOf`. */
export const lateClocksOf = (record: CaseRecord, asOf: Date): CaseRecord['clocks'] =>
  record.clocks.filter((clock) => isClockDue(clock, asOf) && clock.metWithinTarget !== true);

export const isOverdue = (record: CaseRecord, asOf: Date): boolean => lateClocksOf(record, asOf).length > 0;

const countRows = (records: readonly CaseRecord[], dimension: keyof CaseRecord): CountRow[] =>
  [...countBy(records, dimension).entries()]
    .map(([key, count]) => ({ key, count, share: records.length === 0 ? null : count / records.length }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));

export const dimensionCounts = (records: readonly CaseRecord[]): DimensionCounts => ({
  byKind: countRows(records, 'kind'),
  byCategory: countRows(records, 'category'),
  byChannel: countRows(records, 'channel'),
  byComplainantType: countRows(records, 'complainantType'),
  byOwningDepartment: countRows(records, 'owningDepartmentId'),
  byHandlingDepartment: countRows(records, 'handlingDepartmentId'),
  bySeverity: countRows(records, 'severity'),
  byValidity: countRows(records, 'validity'),
  byResponsibility: countRows(records, 'responsibility'),
});

/** The period figures of counted records, with where their cases stand. */
export const reportFigures = (records: readonly CaseRecord[], asOf: Date): ReportFigures => {
  const { received, ...rest } = periodFiguresOf(records, asOf);
  return {
    received,
    resolved: records.filter((record) => record.resolvedAt !== null).length,
    closed: records.filter((record) => record.closedAt !== null).length,
    open: records.filter((record) => record.resolvedAt === null).length,
    reopened: records.filter((record) => record.reopenCount > 0).length,
    escalated: records.filter((record) => record.escalated).length,
    overdue: records.filter((record) => isOverdue(record, asOf)).length,
    ...rest,
  };
};

// --- distributions: what roll-ups across malls and months merge ---------------------------------

/** Buckets of ~1 % width on a log scale: merged roll-ups give the 90th percentile to within 1 %. */
const BUCKET_BASE = Math.log(1.01);
export const bucketOf = (minutes: number): number => (minutes <= 0 ? 0 : Math.round(Math.log1p(minutes) / BUCKET_BASE));
export const bucketMinutes = (bucket: number): number => (bucket === 0 ? 0 : Math.expm1(bucket * BUCKET_BASE));

export interface TimeDistribution {
  count: number;
  sumMinutes: number;
  /** bucket → cases. */
  buckets: Record<string, number>;
}

export const timeDistribution = (records: readonly CaseRecord[], key: TimeFigureKey): TimeDistribution => {
  const distribution: TimeDistribution = { count: 0, sumMinutes: 0, buckets: {} };
  for (const minutes of durationsOf(records, key)) {
    distribution.count++;
    distribution.sumMinutes += minutes;
    const bucket = String(bucketOf(minutes));
    distribution.buckets[bucket] = (distribution.buckets[bucket] ?? 0) + 1;
  }
  return distribution;
};

export const mergeDistributions = (parts: readonly TimeDistribution[]): TimeDistribution => {
  const merged: TimeDistribution = { count: 0, sumMinutes: 0, buckets: {} };
  for (const part of parts) {
    merged.count += part.count;
    merged.sumMinutes += part.sumMinutes;
    for (const [bucket, count] of Object.entries(part.buckets)) merged.buckets[bucket] = (merged.buckets[bucket] ?? 0) + count;
  }
  return merged;
};

/** Average exact; p90 nearest-rank over the buckets (the bucket's representative value). */
export const timeFigureOfDistribution = (id: FigureId, distribution: TimeDistribution): TimeFigure => {
  if (distribution.count === 0) return { id, count: 0, averageMinutes: null, p90Minutes: null };
  const rank = Math.max(1, Math.ceil(0.9 * distribution.count));
  const ordered = Object.entries(distribution.buckets)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .sort((a, b) => a[0] - b[0]);
  let seen = 0;
  let p90 = 0;
  for (const [bucket, count] of ordered) {
    seen += count;
    if (seen >= rank) {
      p90 = bucketMinutes(bucket);
      break;
    }
  }
  return { id, count: distribution.count, averageMinutes: distribution.sumMinutes / distribution.count, p90Minutes: p90 };
};

// --- roll-ups -------------------------------------------------------------------------------------

/** What a mall-month keeps for roll-ups: its figures, counts and time distributions. */
export interface MallMonthFigures {
  figures: ReportFigures;
  counts: DimensionCounts;
  distributions: Record<TimeFigureKey, TimeDistribution>;
}

const sumRate = (parts: readonly RateFigure[], id: FigureId): RateFigure => {
  const numerator = parts.reduce((sum, part) => sum + part.numerator, 0);
  const denominator = parts.reduce((sum, part) => sum + part.denominator, 0);
  return { id, numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
};

const sumCounts = (parts: readonly CountRow[][], received: number): CountRow[] => {
  const totals = new Map<string, number>();
  for (const rows of parts) for (const row of rows) totals.set(row.key, (totals.get(row.key) ?? 0) + row.count);
  return [...totals.entries()]
    .map(([key, count]) => ({ key, count, share: received === 0 ? null : count / received }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
};

const RATE_KEYS = ['handlingRate', 'timelinessRate', 'callbackRate', 'satisfactionRate', 'closureRate', 'dataCompleteness', 'responseWithin24h'] as const;
const RATE_IDS: Record<(typeof RATE_KEYS)[number], FigureId> = {
  handlingRate: 'handling-rate',
  timelinessRate: 'timeliness-rate',
  callbackRate: 'callback-rate',
  satisfactionRate: 'satisfaction-rate',
  closureRate: 'closure-rate',
  dataCompleteness: 'data-completeness',
  responseWithin24h: 'response-within-24h',
};
const COUNT_KEYS = ['received', 'resolved', 'closed', 'open', 'reopened', 'escalated', 'overdue'] as const;
const DIMENSIONS: readonly (keyof DimensionCounts)[] = [
  'byKind',
  'byCategory',
  'byChannel',
  'byComplainantType',
  'byOwningDepartment',
  'byHandlingDepartment',
  'bySeverity',
  'byValidity',
  'byResponsibility',
];

export const emptyMallMonthFigures = (): MallMonthFigures => mergeMallMonthFigures([]);

/** Sums mall-months into one (several malls, or several months): rates by their parts, times from their distributions. */
export const mergeMallMonthFigures = (parts: readonly MallMonthFigures[]): MallMonthFigures => {
  const distributions = Object.fromEntries(
    TIME_FIGURE_KEYS.map((key) => [key, mergeDistributions(parts.map((part) => part.distributions[key]))]),
  ) as Record<TimeFigureKey, TimeDistribution>;
  const counted = Object.fromEntries(COUNT_KEYS.map((key) => [key, parts.reduce((sum, part) => sum + part.figures[key], 0)])) as Record<(typeof COUNT_KEYS)[number], number>;
  const rates = Object.fromEntries(
    RATE_KEYS.map((key) => [key, sumRate(parts.map((part) => part.figures[key]), RATE_IDS[key])]),
  ) as Record<(typeof RATE_KEYS)[number], RateFigure>;
  const times = Object.fromEntries(TIME_FIGURE_KEYS.map((key) => [key, timeFigureOfDistribution(TIME_FIGURES[key].id, distributions[key])])) as Record<TimeFigureKey, TimeFigure>;
  const figures: ReportFigures = { ...counted, ...rates, ...times };
  const counts = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, sumCounts(parts.map((part) => part.counts[dimension]), counted.received)])) as unknown as DimensionCounts;
  return { figures, counts, distributions };
};

/** A mall-month's figures over its counted cases (a collective and its members count once, countedCases). */
export const mallMonthFigures = (records: readonly CaseRecord[], asOf: Date): MallMonthFigures => {
  const counted = countedCases(records);
  return {
    figures: reportFigures(counted, asOf),
    counts: dimensionCounts(counted),
    distributions: Object.fromEntries(TIME_FIGURE_KEYS.map((key) => [key, timeDistribution(counted, key)])) as Record<TimeFigureKey, TimeDistribution>,
  };
};

// --- lists ----------------------------------------------------------------------------------------

export const caseListEntry = (record: CaseRecord, asOf: Date): CaseListEntry => ({
  complaintId: record.complaintId,
  caseNumber: record.caseNumber,
  kind: record.kind,
  category: record.category,
  severity: record.severity,
  handlingDepartmentId: record.handlingDepartmentId,
  handlerStaffId: record.handlerStaffId,
  receivedAt: record.receivedAt,
  resolvedAt: record.resolvedAt,
  closedAt: record.closedAt,
  lateClocks: lateClocksOf(record, asOf).map((clock) => ({ kind: clock.kind, dueAt: clock.dueAt, breachedAt: clock.breachedAt, metAt: clock.metAt })),
  escalated: record.escalated,
});

const byReceipt = (a: CaseRecord, b: CaseRecord): number => a.receivedAt.localeCompare(b.receivedAt) || a.caseNumber.localeCompare(b.caseNumber);

/**
 * Hot spots: the same category at the same place/subject (intake's matter key; the handling
 * department when none was given) raised in two or more cases, or one case raised repeatedly.
 */
export const hotSpots = (records: readonly CaseRecord[], limit = 10): HotSpot[] => {
  const groups = new Map<string, CaseRecord[]>();
  for (const record of records) {
    if (isInquiry(record)) continue;
    const subject = record.matterKey ?? record.handlingDepartmentId ?? 'unknown';
    const key = `${record.category}\u0000${subject}`;
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return [...groups.entries()]
    .map(([key, cases]): HotSpot => {
      const sorted = [...cases].sort(byReceipt);
      const [category, subject] = key.split('\u0000');
      return {
        category,
        subject,
        cases: sorted.length,
        registrations: sorted.reduce((sum, record) => sum + record.repeatCount, 0),
        caseNumbers: sorted.map((record) => record.caseNumber),
        firstReceivedAt: sorted[0].receivedAt,
        lastReceivedAt: sorted[sorted.length - 1].receivedAt,
      };
    })
    .filter((spot) => spot.registrations >= 2)
    .sort((a, b) => b.registrations - a.registrations || b.cases - a.cases || a.category.localeCompare(b.category) || a.subject.localeCompare(b.subject))
    .slice(0, limit);
};

export const satisfactionComments = (records: readonly CaseRecord[]): SatisfactionComment[] =>
  records
    .filter((record) => record.satisfaction !== null && record.satisfactionComment !== null && record.satisfactionComment !== '')
    .sort(byReceipt)
    .map((record) => ({
      complaintId: record.complaintId,
      caseNumber: record.caseNumber,
      satisfaction: record.satisfaction ?? '',
      comment: record.satisfactionComment ?? '',
      calledBackAt: record.calledBackAt,
    }));

// --- performance ----------------------------------------------------------------------------------

const groupBy = (records: readonly CaseRecord[], key: (record: CaseRecord) => string | null): Map<string, CaseRecord[]> => {
  const groups = new Map<string, CaseRecord[]>();
  for (const record of records) {
    const value = key(record);
    if (value === null) continue;
    const group = groups.get(value);
    if (group) group.push(record);
    else groups.set(value, [record]);
  }
  return groups;
};

export const handlerPerformance = (records: readonly CaseRecord[], mallId: string, asOf: Date): HandlerPerformance[] =>
  [...groupBy(records, (record) => record.handlerStaffId).entries()]
    .map(([staffId, cases]) => ({
      staffId,
      mallId,
      departmentId: countRows(cases, 'handlingDepartmentId')[0]?.key ?? null,
      cases: cases.length,
      resolved: cases.filter((record) => record.resolvedAt !== null).length,
      closed: cases.filter((record) => record.closedAt !== null).length,
      handlingRate: handlingRate(cases),
      timelinessRate: timelinessRate(cases, asOf),
      satisfactionRate: satisfactionRate(cases),
      timeToResolve: timeToResolve(cases),
      reopened: cases.filter((record) => record.reopenCount > 0).length,
      escalated: cases.filter((record) => record.escalated).length,
    }))
    .sort((a, b) => a.staffId.localeCompare(b.staffId));

export const departmentPerformance = (records: readonly CaseRecord[], mallId: string, asOf: Date): DepartmentPerformance[] =>
  [...groupBy(records, (record) => record.handlingDepartmentId).entries()]
    .map(([departmentId, cases]) => ({
      departmentId,
      mallId,
      cases: cases.length,
      resolved: cases.filter((record) => record.resolvedAt !== null).length,
      closed: cases.filter((record) => record.closedAt !== null).length,
      handlingRate: handlingRate(cases),
      timelinessRate: timelinessRate(cases, asOf),
      callbackRate: callbackRate(cases),
      satisfactionRate: satisfactionRate(cases),
      timeToFirstReply: timeToFirstReply(cases),
      timeToResolve: timeToResolve(cases),
      reopened: cases.filter((record) => record.reopenCount > 0).length,
      escalated: cases.filter((record) => record.escalated).length,
    }))
    .sort((a, b) => a.departmentId.localeCompare(b.departmentId));

/** What the refresher stores beside the figures: the lists of the monthly report and the performance. */
export interface MallMonthDetails {
  hotSpots: HotSpot[];
  overdueCases: CaseListEntry[];
  escalatedCases: CaseListEntry[];
  satisfactionComments: SatisfactionComment[];
  handlers: HandlerPerformance[];
  departments: DepartmentPerformance[];
}

export const mallMonthDetails = (records: readonly CaseRecord[], mallId: string, asOf: Date): MallMonthDetails => {
  const sorted = countedCases(records).sort(byReceipt);
  return {
    hotSpots: hotSpots(sorted),
    overdueCases: sorted.filter((record) => isOverdue(record, asOf)).map((record) => caseListEntry(record, asOf)),
    escalatedCases: sorted.filter((record) => record.escalated).map((record) => caseListEntry(record, asOf)),
    satisfactionComments: satisfactionComments(sorted),
    handlers: handlerPerformance(sorted, mallId, asOf),
    departments: departmentPerformance(sorted, mallId, asOf),
  };
};

export { nearestRankPercentile };
