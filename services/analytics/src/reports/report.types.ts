/**
 * The shapes of what analytics reports: plain data (no classes), times as ISO 8601 strings, so the
 * exporters (XLSX, CSV, PDF) and the HTTP API read the same thing. Change them only additively.
 */
import type { CallbackEnd, CaseMilestones } from '../figures/case-record';
import type { PeriodFigures, RateFigure, TimeFigure } from '../figures/figures';
import type { FigureId } from '../figures/figure-definitions';

export type { RateFigure, TimeFigure, FigureId, CallbackEnd, CaseMilestones };

/** How many cases have each value of one dimension; `unknown` for no value yet. Sorted by count, then key. */
export interface CountRow {
  key: string;
  count: number;
  /** count / received of the period (null when nothing was received). */
  share: number | null;
}

/** Counts of one period by every dimension of DOMAIN §9. */
export interface DimensionCounts {
  byKind: CountRow[];
  byCategory: CountRow[];
  byChannel: CountRow[];
  byComplainantType: CountRow[];
  byOwningDepartment: CountRow[];
  byHandlingDepartment: CountRow[];
  bySeverity: CountRow[];
  byValidity: CountRow[];
  byResponsibility: CountRow[];
}

/** Every figure of DOMAIN §9 for one mall (or the group) and one period: the period figures and the counts of where its cases stand. */
export interface ReportFigures extends PeriodFigures {
  resolved: number;
  closed: number;
  open: number;
  reopened: number;
  escalated: number;
  overdue: number;
}

/** The same figures of another period, to compare with (absent when no case was received then). */
export interface ComparedPeriod {
  /** `2026-10` (previous month) or `2025-11` (same month last year); a quarter or year for roll-ups. */
  period: string;
  figures: ReportFigures;
  counts: DimensionCounts;
}

/** A recurring matter: the same category at the same place/subject, raised again and again. */
export interface HotSpot {
  category: string;
  /** The matter key intake gave (place/subject), or the handling department when none was given. */
  subject: string;
  cases: number;
  /** Registrations in all, repeats of open matters included. */
  registrations: number;
  caseNumbers: string[];
  firstReceivedAt: string;
  lastReceivedAt: string;
}

/** A case listed under "overdue" or "escalated" in the monthly report. */
export interface CaseListEntry {
  complaintId: string;
  caseNumber: string;
  kind: string;
  category: string;
  severity: string | null;
  handlingDepartmentId: string | null;
  handlerStaffId: string | null;
  receivedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  /** The clocks past their deadline (kind, due, breached or still running late). */
  lateClocks: { kind: string; dueAt: string; breachedAt: string | null; metAt: string | null }[];
  escalated: boolean;
}

export interface SatisfactionComment {
  complaintId: string;
  caseNumber: string;
  satisfaction: string;
  comment: string;
  calledBackAt: string | null;
}

/** A mall's monthly analysis 客诉月报分析 for its GM and HQ operations. */
export interface MallMonthlyReport {
  mallId: string;
  mallName: string;
  mallNameEn: string | null;
  timeZone: string;
  /** `2026-11`: cases whose receivedAt falls in this month on the mall's wall clock. */
  month: string;
  /** When the figures were computed (clocks due after this are not counted yet). */
  asOf: string;
  figures: ReportFigures;
  counts: DimensionCounts;
  previousMonth: ComparedPeriod | null;
  sameMonthLastYear: ComparedPeriod | null;
  hotSpots: HotSpot[];
  overdueCases: CaseListEntry[];
  escalatedCases: CaseListEntry[];
  satisfactionComments: SatisfactionComment[];
  targets: TargetCheck[];
  /** figureFootnotes() then COUNTING_RULES, then the targets' definitions. */
  footnotes: string[];
}

export type TargetId = 'response-within-24h' | 'closure-rate' | 'closure-rate-stretch' | 'satisfaction-rate' | 'data-completeness';

/** One group-wide target of DOMAIN §6 checked against a mall's figures. */
export interface TargetCheck {
  id: TargetId;
  /** The minimum rate, 0–1 (0.95 for 95 %). */
  threshold: number;
  rate: number | null;
  /** null when the rate has no denominator (nothing to judge). */
  met: boolean | null;
  /** A stretch target is shown but missing it is no failure. */
  stretch: boolean;
}

/** One row of the HQ roll-up: a mall side by side with the others. */
export interface HqRollupRow {
  mallId: string;
  mallName: string;
  mallNameEn: string | null;
  figures: ReportFigures;
  counts: DimensionCounts;
  targets: TargetCheck[];
  targetsMet: number;
  targetsMissed: number;
  /** 1 = best; see RANKING_RULE. Malls without any case rank last, equal. */
  rank: number;
  score: number | null;
}

/** HQ's comparison of every mall for a month, a quarter (`2026-Q3`) or a year (`2026`). */
export interface HqRollup {
  period: string;
  periodKind: 'month' | 'quarter' | 'year';
  /** The months the period covers, in order. */
  months: string[];
  asOf: string;
  malls: HqRollupRow[];
  groupTotals: { figures: ReportFigures; counts: DimensionCounts; targets: TargetCheck[] };
  rankingRule: string;
  footnotes: string[];
}

/** A mall's figures over a month, quarter or year (its months' figures merged), for its GM and HQ. */
export interface MallPeriodReport {
  mallId: string;
  mallName: string;
  period: string;
  periodKind: 'month' | 'quarter' | 'year';
  months: string[];
  asOf: string;
  figures: ReportFigures;
  counts: DimensionCounts;
  /** Each month of the period on its own, in order (months without cases have received 0). */
  byMonth: { month: string; figures: ReportFigures }[];
  targets: TargetCheck[];
  footnotes: string[];
}

/** One step of a case's path, in order. */
export interface CasePathStep {
  step: 'received' | 'forwarded' | 'assigned' | 'first-reply' | 'resolved' | 'called-back' | 'closed';
  at: string | null;
  who: string | null;
  /** Minutes from receipt. */
  minutesFromReceipt: number | null;
}

/** One row of the weekly/monthly detail 客诉周报明细 / 客诉月报明细: a case and its whole path. */
export interface CaseDetailRow extends CaseMilestones {
  complaintId: string;
  caseNumber: string;
  mallId: string;
  /** Periods of receivedAt on the mall's wall clock. */
  localDate: string;
  week: string;
  month: string;
  kind: string;
  category: string;
  channel: string | null;
  complainantType: string;
  collective: boolean;
  collectiveCaseNumber: string | null;
  repeatCount: number;
  owningDepartmentId: string | null;
  handlingDepartmentId: string | null;
  handlerStaffId: string | null;
  validity: string | null;
  responsibility: string | null;
  severity: string | null;
  callbackMethod: string | null;
  satisfaction: string | null;
  satisfactionComment: string | null;
  closedAt: string | null;
  closedBecause: string | null;
  escalated: boolean;
  overdue: boolean;
  /** The case's state in words: open, resolved (awaiting callback), closed. */
  status: 'open' | 'resolved' | 'closed';
  minutesToForward: number | null;
  minutesToFirstReply: number | null;
  minutesToResolve: number | null;
  minutesToCallback: number | null;
  missingFields: string[];
  path: CasePathStep[];
}

export interface CaseDetailPage {
  mallId: string;
  /** `2026-11` or `2026-W48`. */
  period: string;
  total: number;
  limit: number;
  offset: number;
  rows: CaseDetailRow[];
}

/** Per-handler performance for a month (001 §3.5). */
export interface HandlerPerformance {
  staffId: string;
  mallId: string;
  departmentId: string | null;
  cases: number;
  resolved: number;
  closed: number;
  handlingRate: RateFigure;
  timelinessRate: RateFigure;
  satisfactionRate: RateFigure;
  timeToResolve: TimeFigure;
  reopened: number;
  escalated: number;
}

/** Per-department performance for a month (by handling department). */
export interface DepartmentPerformance {
  departmentId: string;
  mallId: string;
  cases: number;
  resolved: number;
  closed: number;
  handlingRate: RateFigure;
  timelinessRate: RateFigure;
  callbackRate: RateFigure;
  satisfactionRate: RateFigure;
  timeToFirstReply: TimeFigure;
  timeToResolve: TimeFigure;
  reopened: number;
  escalated: number;
}

export interface MallPerformance {
  mallId: string;
  month: string;
  handlers: HandlerPerformance[];
  departments: DepartmentPerformance[];
}

/** A ranked entry of the quarterly ranking (handlers and departments, across the group or a mall). */
export interface PerformanceRankingEntry {
  rank: number;
  score: number | null;
  kind: 'handler' | 'department';
  id: string;
  mallId: string;
  cases: number;
  handlingRate: number | null;
  timelinessRate: number | null;
  satisfactionRate: number | null;
}

export interface PerformanceRanking {
  quarter: string;
  months: string[];
  rankingRule: string;
  handlers: PerformanceRankingEntry[];
  departments: PerformanceRankingEntry[];
}

/** Channel usage of a month (001 §3.1), per mall or for the group. */
export interface ChannelUsage {
  month: string;
  /** null for the whole group. */
  mallId: string | null;
  received: number;
  channels: CountRow[];
  /** Per mall when the whole group is asked. */
  byMall: { mallId: string; channels: CountRow[] }[];
}

/** A resolved case marked as a training example 案例库 (000 §4.11). */
export interface CaseLibraryEntry {
  complaintId: string;
  caseNumber: string;
  mallId: string;
  kind: string;
  category: string;
  severity: string | null;
  note: string;
  markedBy: string;
  markedAt: string;
  receivedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  satisfaction: string | null;
}
