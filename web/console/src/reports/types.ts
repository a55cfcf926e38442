/**
 * What analytics answers (services/analytics/src/reports/report.types.ts: interfaces OpenAPI does not
 * describe), mirrored for the screens that read it. Only what the console shows.
 */
export type FigureId =
  | 'received'
  | 'handling-rate'
  | 'timeliness-rate'
  | 'callback-rate'
  | 'satisfaction-rate'
  | 'closure-rate'
  | 'data-completeness'
  | 'response-within-24h'
  | 'time-to-forward'
  | 'time-to-first-reply'
  | 'time-to-resolve'
  | 'time-to-callback';

export interface RateFigure {
  id: FigureId;
  numerator: number;
  denominator: number;
  rate: number | null;
}

export interface TimeFigure {
  id: FigureId;
  count: number;
  averageMinutes: number | null;
  p90Minutes: number | null;
}

export interface CountRow {
  key: string;
  count: number;
  share: number | null;
}

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

export const RATE_KEYS = ['handlingRate', 'timelinessRate', 'callbackRate', 'satisfactionRate', 'closureRate', 'dataCompleteness', 'responseWithin24h'] as const;
export type RateKey = (typeof RATE_KEYS)[number];
export const TIME_KEYS = ['timeToForward', 'timeToFirstReply', 'timeToResolve', 'timeToCallback'] as const;
export type TimeKey = (typeof TIME_KEYS)[number];

export type ReportFigures = {
  received: number;
  resolved: number;
  closed: number;
  open: number;
  reopened: number;
  escalated: number;
  overdue: number;
} & Record<RateKey, RateFigure> &
  Record<TimeKey, TimeFigure>;

export type TargetId = 'response-within-24h' | 'closure-rate' | 'closure-rate-stretch' | 'satisfaction-rate' | 'data-completeness';

export interface TargetCheck {
  id: TargetId;
  threshold: number;
  rate: number | null;
  met: boolean | null;
  stretch: boolean;
}

export interface HotSpot {
  category: string;
  subject: string;
  cases: number;
  registrations: number;
  caseNumbers: string[];
  firstReceivedAt: string;
  lastReceivedAt: string;
}

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
  escalated: boolean;
}

export interface SatisfactionComment {
  complaintId: string;
  caseNumber: string;
  satisfaction: string;
  comment: string;
  calledBackAt: string | null;
}

export interface MallMonthlyReport {
  mallId: string;
  mallName: string;
  mallNameEn: string | null;
  month: string;
  asOf: string;
  figures: ReportFigures;
  counts: DimensionCounts;
  previousMonth: { period: string; figures: ReportFigures } | null;
  sameMonthLastYear: { period: string; figures: ReportFigures } | null;
  hotSpots: HotSpot[];
  overdueCases: CaseListEntry[];
  escalatedCases: CaseListEntry[];
  satisfactionComments: SatisfactionComment[];
  targets: TargetCheck[];
}

export type PeriodKind = 'month' | 'quarter' | 'year';

export interface MallPeriodReport {
  mallId: string;
  mallName: string;
  period: string;
  periodKind: PeriodKind;
  months: string[];
  asOf: string;
  figures: ReportFigures;
  byMonth: { month: string; figures: ReportFigures }[];
  targets: TargetCheck[];
}

export interface HqRollupRow {
  mallId: string;
  mallName: string;
  mallNameEn: string | null;
  figures: ReportFigures;
  targets: TargetCheck[];
  targetsMet: number;
  targetsMissed: number;
  rank: number;
  score: number | null;
}

export interface HqRollup {
  period: string;
  periodKind: PeriodKind;
  months: string[];
  asOf: string;
  malls: HqRollupRow[];
  groupTotals: { figures: ReportFigures; targets: TargetCheck[] };
}

export interface CaseDetailRow {
  complaintId: string;
  caseNumber: string;
  kind: string;
  category: string;
  channel: string | null;
  handlingDepartmentId: string | null;
  severity: string | null;
  receivedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  satisfaction: string | null;
  status: 'open' | 'resolved' | 'closed';
  escalated: boolean;
  overdue: boolean;
}

export interface CaseDetailPage {
  mallId: string;
  period: string;
  total: number;
  limit: number;
  offset: number;
  rows: CaseDetailRow[];
}

export interface ReportPack {
  id: string;
  scope: string;
  month: string;
  kind: string;
  fileName: string;
  contentType: string;
  byteLength: number;
  figuresAsOf: string;
  trigger: string;
  producedAt: string;
}

export interface ReportPackPage {
  total: number;
  limit: number;
  offset: number;
  packs: ReportPack[];
}
