import type { DimensionCounts, RateFigure, ReportFigures, TimeFigure } from './report-types';

/** Report figures for the screens' tests. */
export const rate = (numerator: number, denominator: number): RateFigure => ({ id: 'handling-rate', numerator, denominator, rate: denominator === 0 ? null : numerator / denominator });
const time = (averageMinutes: number | null): TimeFigure => ({ id: 'time-to-resolve', count: 3, averageMinutes, p90Minutes: averageMinutes === null ? null : averageMinutes * 2 });

export const figures = (received: number): ReportFigures => ({
  received,
  resolved: 9,
  closed: 8,
  open: received - 9,
  reopened: 1,
  escalated: 2,
  overdue: 3,
  handlingRate: rate(9, received),
  timelinessRate: rate(7, 9),
  callbackRate: rate(8, 9),
  satisfactionRate: rate(7, 8),
  closureRate: rate(8, received),
  dataCompleteness: rate(received, received),
  responseWithin24h: rate(0, 0),
  timeToForward: time(4),
  timeToFirstReply: time(95),
  timeToResolve: time(1500),
  timeToCallback: time(null),
});


/** Counts with nothing in them but what a test names. */
export const counts = (named: Partial<DimensionCounts> = {}): DimensionCounts => ({
  byKind: [],
  byCategory: [],
  byChannel: [],
  byComplainantType: [],
  byOwningDepartment: [],
  byHandlingDepartment: [],
  bySeverity: [],
  byValidity: [],
  byResponsibility: [],
  ...named,
});
