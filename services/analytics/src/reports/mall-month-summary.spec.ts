import type { CaseRecord } from '../figures/case-record';
import { computeFigures, nearestRankPercentile } from '../figures/figures';
import { after, CaseLog, recordOf } from '../figures/test-support/case-events.fixture';
import { caseDetailRow } from './case-detail';
import {
  bucketOf,
  bucketMinutes,
  hotSpots,
  isOverdue,
  mallMonthDetails,
  mallMonthFigures,
  mergeMallMonthFigures,
  timeDistribution,
  timeFigureOfDistribution,
} from './mall-month-summary';
import { assignRanks, rankMalls, rankPerformance } from './ranking';
import { monthsOfPeriod } from './report-period';
import { checkTargets, countTargets, targetFootnotes } from './targets';
import { DEFAULT_GROUP_TARGETS } from '@mallcare/policy';

const received = '2026-11-10T02:00:00.000Z';
const asOf = new Date('2026-12-20T00:00:00.000Z');

const withMatter = (matterKey: string | null, at = received, category: 'service-attitude' | 'engineering-equipment' = 'service-attitude'): CaseRecord =>
  recordOf(new CaseLog().registered(at, 'complaint', { matterKey, category }).routed(after(at, 5)));

describe('mall-month summary', () => {
  it('finds hot spots: the same category at the same place, or one matter raised again and again', () => {
    const escalator = [withMatter('3f-escalator', received, 'engineering-equipment'), withMatter('3f-escalator', after(received, 600), 'engineering-equipment')];
    const once = withMatter('b1-parking');
    const repeated = { ...withMatter('1f-toilet'), repeatCount: 3 };
    const otherCategory = withMatter('3f-escalator');
    const spots = hotSpots([...escalator, once, repeated, otherCategory]);
    expect(spots).toEqual([
      expect.objectContaining({ category: 'service-attitude', subject: '1f-toilet', cases: 1, registrations: 3 }),
      expect.objectContaining({
        category: 'engineering-equipment',
        subject: '3f-escalator',
        cases: 2,
        registrations: 2,
        firstReceivedAt: received,
        lastReceivedAt: after(received, 600),
      }),
    ]);
  });

  it('takes the handling department as the place when intake gave no matter key', () => {
    const spots = hotSpots([withMatter(null), withMatter(null, after(received, 60))]);
    expect(spots).toEqual([expect.objectContaining({ subject: 'operations', cases: 2 })]);
  });

  it('lists a case overdue when a target clock breached, was met late or runs past its deadline', () => {
    const breached = recordOf(new CaseLog().registered(received).clockStarted('forward-to-responsible', received, after(received, 10)).clockBreached('forward-to-responsible', after(received, 10), after(received, 11)));
    const metLate = recordOf(new CaseLog().registered(received).clockStarted('forward-to-responsible', received, after(received, 10)).clockMet('forward-to-responsible', after(received, 12), false));
    const running = recordOf(new CaseLog().registered(received).clockStarted('resolve-general', received, after(received, 3 * 24 * 60)));
    const onTime = recordOf(new CaseLog().registered(received).clockStarted('forward-to-responsible', received, after(received, 10)).clockMet('forward-to-responsible', after(received, 5), true));
    expect([breached, metLate, running, onTime].map((record) => isOverdue(record, asOf))).toEqual([true, true, true, false]);
    expect(isOverdue(running, new Date(after(received, 60)))).toBe(false);
    const details = mallMonthDetails([breached, onTime], 'SH01', asOf);
    expect(details.overdueCases.map((entry) => entry.complaintId)).toEqual([breached.complaintId]);
    expect(details.escalatedCases.map((entry) => entry.complaintId)).toEqual([breached.complaintId]);
    expect(details.overdueCases[0].lateClocks).toEqual([{ kind: 'forward-to-responsible', dueAt: after(received, 10), breachedAt: after(received, 11), metAt: null }]);
  });

  it('counts the first reply within 24 h against cases replied to or older than a day', () => {
    const quick = recordOf(new CaseLog().registered(received).progress(after(received, 60)));
    const slow = recordOf(new CaseLog().registered(received).progress(after(received, 25 * 60)));
    const waiting = recordOf(new CaseLog().registered(received));
    const inquiry = recordOf(new CaseLog().registered(received, 'inquiry').inquiryAnswered(after(received, 3)));
    expect(computeFigures([quick, slow, waiting, inquiry], asOf).responseWithin24h).toMatchObject({ numerator: 1, denominator: 3 });
    expect(computeFigures([quick, waiting], new Date(after(received, 120))).responseWithin24h).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('merges mall-months into the same counts and rates as computing over all their cases', () => {
    const cases = [
      recordOf(new CaseLog().happyPath(received)),
      recordOf(new CaseLog().happyPath(after(received, 60), { satisfaction: 'neutral' })),
      recordOf(new CaseLog('SH02').happyPath(received, { resolveAfterHours: 50 })),
      recordOf(new CaseLog('SH02').registered(received).routed(after(received, 5))),
    ];
    const whole = mallMonthFigures(cases, asOf);
    const merged = mergeMallMonthFigures([mallMonthFigures(cases.slice(0, 2), asOf), mallMonthFigures(cases.slice(2), asOf)]);
    expect(merged.figures.received).toBe(4);
    for (const key of ['handlingRate', 'timelinessRate', 'callbackRate', 'satisfactionRate', 'closureRate', 'dataCompleteness', 'responseWithin24h'] as const) {
      expect(merged.figures[key]).toEqual(whole.figures[key]);
    }
    expect(merged.counts.byChannel).toEqual(whole.counts.byChannel);
    expect(merged.figures.timeToResolve.averageMinutes).toBeCloseTo(whole.figures.timeToResolve.averageMinutes ?? 0, 9);
    expect(mergeMallMonthFigures([]).figures).toMatchObject({ received: 0, handlingRate: { rate: null }, timeToResolve: { count: 0, p90Minutes: null } });
  });

  it('reads the 90th percentile of merged distributions to within 1 %', () => {
    const minutes = Array.from({ length: 500 }, (_, index) => 5 + ((index * 7919) % 4000));
    const records = minutes.map((value, index) => ({ ...recordOf(new CaseLog().registered(received)), complaintId: String(index), forwardedAt: after(received, value) }));
    const exact = nearestRankPercentile([...minutes].sort((a, b) => a - b), 90) ?? 0;
    const approx = timeFigureOfDistribution('time-to-forward', timeDistribution(records, 'timeToForward')).p90Minutes ?? 0;
    expect(Math.abs(approx - exact) / exact).toBeLessThan(0.01);
    for (const value of [1, 10, 100, 10_000, 43_200]) expect(Math.abs(bucketMinutes(bucketOf(value)) - value) / value).toBeLessThan(0.01);
  });

  it('writes one detail row per case with each step of its path and minutes from receipt', () => {
    const row = caseDetailRow(recordOf(new CaseLog().happyPath(received)), asOf);
    expect(row).toMatchObject({ status: 'closed', minutesToForward: 5, minutesToResolve: 24 * 60, minutesToCallback: 60, overdue: false, callbackEnd: 'reached' });
    expect(row.path.map((step) => [step.step, step.minutesFromReceipt])).toEqual([
      ['received', 0],
      ['forwarded', 5],
      ['assigned', 6],
      ['first-reply', 60],
      ['resolved', 1440],
      ['called-back', 1500],
      ['closed', 1500],
    ]);
  });
});

describe('targets and ranking', () => {
  it('marks each group target met or missed, stretch targets shown but not missed', () => {
    const figures = mallMonthFigures([recordOf(new CaseLog().happyPath(received)), recordOf(new CaseLog().registered(received).routed(after(received, 5)))], asOf).figures;
    const checks = checkTargets(figures, DEFAULT_GROUP_TARGETS);
    expect(Object.fromEntries(checks.map((check) => [check.id, check.met]))).toEqual({
      'response-within-24h': false,
      'closure-rate': false,
      'closure-rate-stretch': false,
      'satisfaction-rate': true,
      'data-completeness': true,
    });
    expect(countTargets(checks)).toEqual({ met: 2, missed: 2 });
    expect(checkTargets(mergeMallMonthFigures([]).figures, DEFAULT_GROUP_TARGETS).every((check) => check.met === null)).toBe(true);
  });

  it('checks the targets the policy sets and says them in the footnotes', () => {
    const figures = mallMonthFigures([recordOf(new CaseLog().happyPath(received)), recordOf(new CaseLog().registered(received).routed(after(received, 5)))], asOf).figures;
    // Closure 50 %: missed against the procedures' 95 %, met against a group that asks 50 %.
    const lenient = { ...DEFAULT_GROUP_TARGETS, closureRate: 0.5, closureRateStretch: 0.5 };
    expect(checkTargets(figures, lenient).find((check) => check.id === 'closure-rate')).toMatchObject({ threshold: 0.5, met: true });
    expect(targetFootnotes(lenient)).toContain('结案率 (Closure rate) ≥ 50 %.');
    expect(targetFootnotes(DEFAULT_GROUP_TARGETS)).toContain('满意率 (Satisfaction rate) ≥ 90 %.');
  });

  it('ranks malls by score, equal scores sharing a rank and malls without cases last', () => {
    const good = mallMonthFigures([recordOf(new CaseLog().happyPath(received))], asOf);
    const worse = mallMonthFigures([recordOf(new CaseLog().happyPath(received)), recordOf(new CaseLog().registered(received).routed(after(received, 5)))], asOf);
    const none = mergeMallMonthFigures([]);
    const row = (mallId: string, figures: typeof good) => ({ mallId, mallName: mallId, mallNameEn: null, figures: figures.figures, counts: figures.counts });
    const ranked = rankMalls([row('SH02', worse), row('BJ01', none), row('SH01', good), row('GZ01', good)], DEFAULT_GROUP_TARGETS);
    expect(ranked.map((mall) => [mall.mallId, mall.rank])).toEqual([
      ['GZ01', 1],
      ['SH01', 1],
      ['SH02', 3],
      ['BJ01', 4],
    ]);
    expect(assignRanks([{ score: null }, { score: null }], () => 0).map((entry) => entry.rank)).toEqual([1, 1]);
  });

  it('ranks handlers over a quarter from their months’ rate parts', () => {
    const rate = (numerator: number, denominator: number) => ({ id: 'handling-rate' as const, numerator, denominator, rate: denominator === 0 ? null : numerator / denominator });
    const part = (id: string, handled: [number, number], cases: number) => ({
      kind: 'handler' as const,
      id,
      mallId: 'SH01',
      cases,
      handlingRate: rate(...handled),
      timelinessRate: rate(...handled),
      satisfactionRate: rate(0, 0),
    });
    const ranking = rankPerformance([part('a', [1, 2], 2), part('a', [3, 3], 3), part('b', [4, 4], 4), part('c', [0, 0], 0)]);
    expect(ranking.map((entry) => [entry.id, entry.rank, entry.cases, entry.handlingRate])).toEqual([
      ['b', 1, 4, 1],
      ['a', 2, 5, 0.8],
      ['c', 3, 0, null],
    ]);
  });

  it('knows the months of a month, a quarter and a year', () => {
    expect(monthsOfPeriod('2026-11')).toEqual({ kind: 'month', months: ['2026-11'] });
    expect(monthsOfPeriod('2026-Q4')).toEqual({ kind: 'quarter', months: ['2026-10', '2026-11', '2026-12'] });
    expect(monthsOfPeriod('2026').months).toHaveLength(12);
    expect(() => monthsOfPeriod('2026-Q5')).toThrow();
  });
});
