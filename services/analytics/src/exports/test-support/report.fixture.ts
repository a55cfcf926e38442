import type {
  CaseDetailRow,
  DimensionCounts,
  HqRollup,
  MallMonthlyReport,
  RateFigure,
  ReportFigures,
  TargetCheck,
  TimeFigure,
} from '../../reports/report.types';
import { figureFootnotes } from '../../figures';
import type { FigureId } from '../../figures';

const rate = (id: FigureId, numerator: number, denominator: number): RateFigure => ({ id, numerator, denominator, rate: denominator === 0 ? null : numerator / denominator });
const time = (id: FigureId, count: number, averageMinutes: number | null, p90Minutes: number | null): TimeFigure => ({ id, count, averageMinutes, p90Minutes });

export const sampleFigures = (received: number, resolved: number): ReportFigures => ({
  received,
  resolved,
  closed: Math.max(0, resolved - 2),
  open: received - resolved,
  reopened: 1,
  escalated: 2,
  overdue: 3,
  handlingRate: rate('handling-rate', resolved, received),
  timelinessRate: rate('timeliness-rate', resolved - 3, resolved),
  callbackRate: rate('callback-rate', resolved - 1, resolved),
  satisfactionRate: rate('satisfaction-rate', resolved - 4, resolved - 1),
  closureRate: rate('closure-rate', resolved - 2, received),
  dataCompleteness: rate('data-completeness', received, received),
  responseWithin24h: rate('handling-rate', received - 1, received),
  timeToForward: time('time-to-forward', received, 12.5, 30),
  timeToFirstReply: time('time-to-first-reply', received, 95, 240),
  timeToResolve: time('time-to-resolve', resolved, 1440, 2880),
  timeToCallback: time('time-to-callback', resolved - 1, null, null),
});

export const sampleCounts = (): DimensionCounts => ({
  byKind: [
    { key: 'complaint', count: 30, share: 0.75 },
    { key: 'inquiry', count: 10, share: 0.25 },
  ],
  byCategory: [
    { key: 'service-attitude', count: 20, share: 0.5 },
    { key: 'environment-facilities', count: 15, share: 0.375 },
    { key: 'other', count: 5, share: 0.125 },
  ],
  byChannel: [
    { key: 'walk-in', count: 25, share: 0.625 },
    { key: 'wechat', count: 15, share: 0.375 },
  ],
  byComplainantType: [{ key: 'consumer', count: 40, share: 1 }],
  byOwningDepartment: [{ key: 'customer-service', count: 40, share: 1 }],
  byHandlingDepartment: [
    { key: 'operations', count: 30, share: 0.75 },
    { key: 'unknown', count: 10, share: 0.25 },
  ],
  bySeverity: [{ key: 'general', count: 40, share: 1 }],
  byValidity: [{ key: 'valid', count: 40, share: 1 }],
  byResponsibility: [{ key: 'responsible', count: 40, share: 1 }],
});

const targets = (): TargetCheck[] => [
  { id: 'response-within-24h', threshold: 0.95, rate: 0.975, met: true, stretch: false },
  { id: 'closure-rate', threshold: 0.95, rate: 0.9, met: false, stretch: false },
  { id: 'closure-rate-stretch', threshold: 0.98, rate: 0.9, met: false, stretch: true },
  { id: 'satisfaction-rate', threshold: 0.9, rate: null, met: null, stretch: false },
  { id: 'data-completeness', threshold: 1, rate: 1, met: true, stretch: false },
];

export const sampleMonthlyReport = (overrides: Partial<MallMonthlyReport> = {}): MallMonthlyReport => ({
  mallId: 'SH01',
  mallName: '上海虹桥广场',
  mallNameEn: 'Shanghai Hongqiao Plaza',
  timeZone: 'Asia/Shanghai',
  month: '2026-11',
  asOf: '2026-12-01T00:30:00.000Z',
  figures: sampleFigures(40, 36),
  counts: sampleCounts(),
  previousMonth: { period: '2026-10', figures: sampleFigures(35, 30), counts: sampleCounts() },
  sameMonthLastYear: null,
  hotSpots: [
    {
      category: 'environment-facilities',
      subject: 'B1 洗手间',
      cases: 3,
      registrations: 5,
      caseNumbers: ['SH01-20261103-0001', 'SH01-20261110-0004', 'SH01-20261120-0002'],
      firstReceivedAt: '2026-11-03T02:00:00.000Z',
      lastReceivedAt: '2026-11-20T09:30:00.000Z',
    },
  ],
  overdueCases: [
    {
      complaintId: '00000000-0000-4000-8000-000000000101',
      caseNumber: 'SH01-20261105-0003',
      kind: 'complaint',
      category: 'service-attitude',
      severity: 'major',
      handlingDepartmentId: 'operations',
      handlerStaffId: 'sh01-operations-1',
      receivedAt: '2026-11-05T03:00:00.000Z',
      resolvedAt: null,
      closedAt: null,
      lateClocks: [{ kind: 'resolve', dueAt: '2026-11-07T03:00:00.000Z', breachedAt: '2026-11-07T03:00:00.000Z', metAt: null }],
      escalated: true,
    },
  ],
  escalatedCases: [],
  satisfactionComments: [
    { complaintId: '00000000-0000-4000-8000-000000000102', caseNumber: 'SH01-20261106-0001', satisfaction: 'satisfied', comment: '处理及时，"态度"很好,谢谢', calledBackAt: '2026-11-08T06:00:00.000Z' },
  ],
  targets: targets(),
  footnotes: figureFootnotes(),
  ...overrides,
});

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** A detail row; every 7th has a comment with quotes, commas and a line break to exercise CSV quoting. */
export const sampleDetailRow = (index: number): CaseDetailRow => {
  const receivedAt = new Date(Date.UTC(2026, 10, 1 + (index % 30), index % 24, index % 60)).toISOString();
  const resolved = index % 3 !== 0;
  return {
    complaintId: `00000000-0000-4000-8000-${pad(index, 12)}`,
    caseNumber: `SH01-202611${pad(1 + (index % 30), 2)}-${pad(index, 5)}`,
    mallId: 'SH01',
    localDate: receivedAt.slice(0, 10),
    week: '2026-W45',
    month: '2026-11',
    kind: index % 5 === 0 ? 'inquiry' : 'complaint',
    category: 'service-attitude',
    channel: 'walk-in',
    complainantType: 'consumer',
    collective: false,
    collectiveCaseNumber: null,
    repeatCount: 1,
    owningDepartmentId: 'customer-service',
    handlingDepartmentId: 'operations',
    handlerStaffId: 'sh01-operations-1',
    validity: 'valid',
    responsibility: 'responsible',
    severity: 'general',
    receivedAt,
    forwardedAt: receivedAt,
    assignedAt: receivedAt,
    firstReplyAt: receivedAt,
    firstResolvedAt: resolved ? receivedAt : null,
    resolvedAt: resolved ? receivedAt : null,
    resolutionCount: resolved ? 1 : 0,
    reopenCount: 0,
    calledBackAt: null,
    callbackEnd: null,
    callbackMethod: null,
    callbackAttempts: 0,
    satisfaction: index % 7 === 0 ? 'dissatisfied' : null,
    satisfactionComment: index % 7 === 0 ? `顾客说："太慢了", 第${index}次\n请改进` : null,
    closedAt: null,
    closedBecause: null,
    escalated: false,
    overdue: false,
    status: resolved ? 'resolved' : 'open',
    minutesToForward: 5,
    minutesToFirstReply: 30,
    minutesToResolve: resolved ? 120 : null,
    minutesToCallback: null,
    missingFields: [],
    path: [],
  };
};

/** Rows generated one at a time, so a 50,000-row export never holds them all. */
export async function* generateDetailRows(count: number): AsyncIterable<CaseDetailRow> {
  for (let index = 1; index <= count; index++) yield sampleDetailRow(index);
}

export const sampleRollup = (): HqRollup => ({
  period: '2026-11',
  periodKind: 'month',
  months: ['2026-11'],
  asOf: '2026-12-01T00:30:00.000Z',
  malls: [
    { mallId: 'SH02', mallName: '上海浦东中心', mallNameEn: null, figures: sampleFigures(20, 15), counts: sampleCounts(), targets: targets(), targetsMet: 1, targetsMissed: 2, rank: 2, score: 0.81 },
    { mallId: 'SH01', mallName: '上海虹桥广场', mallNameEn: 'Shanghai Hongqiao Plaza', figures: sampleFigures(40, 36), counts: sampleCounts(), targets: targets(), targetsMet: 2, targetsMissed: 1, rank: 1, score: 0.9 },
  ],
  groupTotals: { figures: sampleFigures(60, 51), counts: sampleCounts(), targets: targets() },
  rankingRule: 'Average of the five rates; malls without cases rank last.',
  footnotes: figureFootnotes(),
});
