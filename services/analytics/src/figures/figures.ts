import { isSatisfied } from '@mallcare/contracts';
import type { CaseMilestones, CaseRecord, ClockRecord } from './case-record';
import { countedCases } from './counted-cases';
import type { FigureId } from './figure-definitions';

/** A rate with its parts; `rate` is null when nothing is counted (shown as no value, never 0 % or 100 %). */
export interface RateFigure {
  id: FigureId;
  numerator: number;
  denominator: number;
  rate: number | null;
}

/** A duration figure in minutes over the cases that reached the step. */
export interface TimeFigure {
  id: FigureId;
  count: number;
  averageMinutes: number | null;
  p90Minutes: number | null;
}

const rate = (id: FigureId, records: readonly CaseRecord[], counted: (record: CaseRecord) => boolean, meets: (record: CaseRecord) => boolean): RateFigure => {
  const inDenominator = records.filter(counted);
  const numerator = inDenominator.filter(meets).length;
  return { id, numerator, denominator: inDenominator.length, rate: inDenominator.length === 0 ? null : numerator / inDenominator.length };
};

const isInquiry = (record: CaseRecord): boolean => record.kind === 'inquiry';

const instants = new Map<string, number>();
/** Date.parse of an ISO instant, remembered: a mall-month's figures read the same few thousand instants many times. */
export const instantMs = (iso: string): number => {
  let ms = instants.get(iso);
  if (ms === undefined) {
    ms = Date.parse(iso);
    if (instants.size >= 500_000) instants.clear();
    instants.set(iso, ms);
  }
  return ms;
};

/** Received: every record of the period (see FIGURE_DEFINITIONS.received). */
export const receivedCount = (records: readonly CaseRecord[]): number => records.length;

/** 处理率 = resolved / received; resolved = the latest resolution stands. */
export const handlingRate = (records: readonly CaseRecord[]): RateFigure =>
  rate('handling-rate', records, () => true, (record) => record.resolvedAt !== null);

/** A target clock is due once met or breached, or once its running deadline has passed at `asOf`. */
export const isClockDue = (clock: ClockRecord, asOf: Date): boolean =>
  clock.isTarget && (clock.metAt !== null || clock.breachedAt !== null || (!clock.paused && instantMs(clock.dueAt) <= asOf.getTime()));

const dueClocks = (record: CaseRecord, asOf: Date): ClockRecord[] => record.clocks.filter((clock) => isClockDue(clock, asOf));

/** 及时率 = cases whose every due clock was met on time / cases with a due clock. */
export const timelinessRate = (records: readonly CaseRecord[], asOf: Date): RateFigure =>
  rate(
    'timeliness-rate',
    records,
    (record) => dueClocks(record, asOf).length > 0,
    (record) => dueClocks(record, asOf).every((clock) => clock.metWithinTarget === true),
  );

/** 回访率 = called back (reached or unreachable) / resolved cases, inquiries left out. */
export const callbackRate = (records: readonly CaseRecord[]): RateFigure =>
  rate('callback-rate', records, (record) => !isInquiry(record) && record.resolvedAt !== null, (record) => record.callbackEnd !== null);

/** 满意率 = (very satisfied + satisfied) / rated callbacks, one (the latest) rating per case. */
export const satisfactionRate = (records: readonly CaseRecord[]): RateFigure =>
  rate('satisfaction-rate', records, (record) => record.satisfaction !== null, (record) => record.satisfaction !== null && isSatisfied(record.satisfaction));

/** 结案率 = closed / received. */
export const closureRate = (records: readonly CaseRecord[]): RateFigure =>
  rate('closure-rate', records, () => true, (record) => record.closedAt !== null);

/** Records with every field their stage requires / records. */
export const dataCompleteness = (records: readonly CaseRecord[]): RateFigure =>
  rate('data-completeness', records, () => true, (record) => record.missingFields.length === 0);

const DAY_MINUTES = 24 * 60;

/** 24 小时响应率 = first reply within 24 h of receipt / cases replied to or older than 24 h at `asOf`, inquiries left out. */
export const responseWithin24h = (records: readonly CaseRecord[], asOf: Date): RateFigure =>
  rate(
    'response-within-24h',
    records,
    (record) => !isInquiry(record) && (record.firstReplyAt !== null || asOf.getTime() - instantMs(record.receivedAt) > DAY_MINUTES * 60_000),
    (record) => record.firstReplyAt !== null && instantMs(record.firstReplyAt) - instantMs(record.receivedAt) <= DAY_MINUTES * 60_000,
  );

/** Nearest-rank percentile of ascending values: the value at rank ⌈p·n⌉. */
export const nearestRankPercentile = (ascending: readonly number[], percentile: number): number | null =>
  ascending.length === 0 ? null : ascending[Math.max(0, Math.ceil((percentile / 100) * ascending.length) - 1)];

const minutesBetween = (from: string, to: string): number => (instantMs(to) - instantMs(from)) / 60_000;

/** The duration figures: each the span between two steps of a case's path. */
export const TIME_FIGURES = {
  timeToForward: { id: 'time-to-forward', span: (record: CaseMilestones) => [record.receivedAt, record.forwardedAt] },
  timeToFirstReply: { id: 'time-to-first-reply', span: (record: CaseMilestones) => [record.receivedAt, record.firstReplyAt] },
  timeToResolve: { id: 'time-to-resolve', span: (record: CaseMilestones) => [record.receivedAt, record.resolvedAt] },
  timeToCallback: { id: 'time-to-callback', span: (record: CaseMilestones) => [record.resolvedAt, record.calledBackAt] },
} as const satisfies Record<string, { id: FigureId; span: (record: CaseMilestones) => readonly [string | null, string | null] }>;

export type TimeFigureKey = keyof typeof TIME_FIGURES;
export const TIME_FIGURE_KEYS = Object.keys(TIME_FIGURES) as readonly TimeFigureKey[];

/** The minutes of the figure's span in each case that reached both its steps, inquiries left out; in the records' order. */
export const durationsOf = (records: readonly CaseRecord[], key: TimeFigureKey): number[] => {
  const minutes: number[] = [];
  for (const record of records) {
    if (isInquiry(record)) continue;
    const [from, to] = TIME_FIGURES[key].span(record);
    if (from !== null && to !== null) minutes.push(minutesBetween(from, to));
  }
  return minutes;
};

const timeFigure = (key: TimeFigureKey, records: readonly CaseRecord[]): TimeFigure => {
  const minutes = durationsOf(records, key).sort((a, b) => a - b);
  return {
    id: TIME_FIGURES[key].id,
    count: minutes.length,
    averageMinutes: minutes.length === 0 ? null : minutes.reduce((sum, value) => sum + value, 0) / minutes.length,
    p90Minutes: nearestRankPercentile(minutes, 90),
  };
};

export const timeToForward = (records: readonly CaseRecord[]): TimeFigure => timeFigure('timeToForward', records);

export const timeToFirstReply = (records: readonly CaseRecord[]): TimeFigure => timeFigure('timeToFirstReply', records);

export const timeToResolve = (records: readonly CaseRecord[]): TimeFigure => timeFigure('timeToResolve', records);

export const timeToCallback = (records: readonly CaseRecord[]): TimeFigure => timeFigure('timeToCallback', records);

/** Every figure of DOMAIN §9 that is a rate or a duration, with the count received, for one mall (or the group) and one period. */
export interface PeriodFigures {
  received: number;
  handlingRate: RateFigure;
  timelinessRate: RateFigure;
  callbackRate: RateFigure;
  satisfactionRate: RateFigure;
  closureRate: RateFigure;
  dataCompleteness: RateFigure;
  /** Group target (docs/domain.md §6): first reply within 24 h of receipt; the policy's `targets`, see targetDefinitions. */
  responseWithin24h: RateFigure;
  timeToForward: TimeFigure;
  timeToFirstReply: TimeFigure;
  timeToResolve: TimeFigure;
  timeToCallback: TimeFigure;
}

/** The period figures of records already counted (countedCases) and narrowed to a mall and period. */
export const periodFiguresOf = (records: readonly CaseRecord[], asOf: Date): PeriodFigures => ({
  received: receivedCount(records),
  handlingRate: handlingRate(records),
  timelinessRate: timelinessRate(records, asOf),
  callbackRate: callbackRate(records),
  satisfactionRate: satisfactionRate(records),
  closureRate: closureRate(records),
  dataCompleteness: dataCompleteness(records),
  responseWithin24h: responseWithin24h(records, asOf),
  timeToForward: timeToForward(records),
  timeToFirstReply: timeToFirstReply(records),
  timeToResolve: timeToResolve(records),
  timeToCallback: timeToCallback(records),
});

/** Every figure of DOMAIN §9 over the given records (already narrowed to a mall and period), each matter counted once (countedCases). */
export const computeFigures = (all: readonly CaseRecord[], asOf: Date): PeriodFigures => periodFiguresOf(countedCases(all), asOf);

/** The records of one mall's month (the month of receivedAt in the mall's time zone). */
export const recordsOfMonth = (records: readonly CaseRecord[], mallId: string, month: string): CaseRecord[] =>
  records.filter((record) => record.mallId === mallId && record.month === month);

/** Counts by one dimension (kind, category, channel, complainant type, department, severity, validity…); null is `unknown`. */
export const countBy = <K extends keyof CaseRecord>(records: readonly CaseRecord[], dimension: K): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const record of records) {
    const value = record[dimension];
    const key = value === null || value === undefined ? 'unknown' : String(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
};
