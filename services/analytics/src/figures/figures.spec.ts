import type { ComplaintEvent } from '@mallcare/contracts';
import { foldCaseRecords } from './case-path.fold';
import type { CaseRecord } from './case-record';
import { COUNTING_RULES, figureFootnotes, FIGURE_DEFINITIONS, FIGURE_IDS } from './figure-definitions';
import {
  callbackRate,
  closureRate,
  computeFigures,
  countBy,
  dataCompleteness,
  handlingRate,
  nearestRankPercentile,
  receivedCount,
  recordsOfMonth,
  satisfactionRate,
  timelinessRate,
  timeToCallback,
  timeToFirstReply,
  timeToForward,
  timeToResolve,
} from './figures';
import { after, CaseLog, recordOf, TEST_POLICY } from './test-support/case-events.fixture';

const received = '2026-11-10T02:00:00.000Z';
const asOf = new Date('2026-12-20T00:00:00.000Z');

/** Registered, forwarded, verified and classified: ready to be resolved. */
const handled = (log: CaseLog, at = received, validity: 'valid' | 'invalid' = 'valid'): CaseLog =>
  log.registered(at).routed(after(at, 5)).assigned(after(at, 6)).verified(after(at, 30), validity).classifiedGeneral(after(at, 31));

const openCase = (): CaseLog => new CaseLog().registered(received).routed(after(received, 5));
const closedCase = (satisfaction: 'satisfied' | 'very-satisfied' = 'satisfied'): CaseLog => new CaseLog().happyPath(received, { satisfaction });
const inquiry = (): CaseLog => new CaseLog().registered(received, 'inquiry').inquiryAnswered(after(received, 3));
const reopenedPending = (): CaseLog => new CaseLog().happyPath(received, { satisfaction: 'neutral' }).reopened(after(received, 25 * 60 + 1));
const resolvedNotCalledBack = (): CaseLog => handled(new CaseLog()).resolved(after(received, 120));
const unreachableCase = (): CaseLog =>
  handled(new CaseLog())
    .resolved(after(received, 120))
    .attempt(after(received, 200), 1, false)
    .attempt(after(received, 300), 2, false)
    .attempt(after(received, 400), 3, false)
    .unreachable(after(received, 400))
    .closed(after(received, 400), 'unreachable');
const reopenedThenSatisfied = (): CaseLog =>
  handled(new CaseLog())
    .resolved(after(received, 60))
    .attempt(after(received, 120), 1, true)
    .outcome(after(received, 120), 'very-dissatisfied')
    .reopened(after(received, 121))
    .resolved(after(received, 600))
    .attempt(after(received, 660), 1, true)
    .outcome(after(received, 660), 'satisfied')
    .closed(after(received, 660), 'satisfied', 'satisfied');

describe('figures of DOMAIN §9', () => {
  describe('received', () => {
    it('counts every case once, inquiries included', () => {
      expect(receivedCount([closedCase(), inquiry(), openCase(), reopenedPending()].map(recordOf))).toBe(4);
    });
  });

  describe('handling rate 处理率 = resolved / received', () => {
    it('counts a resolution that stands and an answered inquiry, not an open or a reopened-and-pending case', () => {
      expect(handlingRate([closedCase(), inquiry(), openCase(), reopenedPending()].map(recordOf))).toEqual({
        id: 'handling-rate',
        numerator: 2,
        denominator: 4,
        rate: 0.5,
      });
    });

    it('counts a case resolved twice once', () => {
      expect(handlingRate([recordOf(reopenedThenSatisfied())])).toMatchObject({ numerator: 1, denominator: 1, rate: 1 });
    });

    it('counts invalid cases like every other case', () => {
      const invalid = handled(new CaseLog(), received, 'invalid').resolved(after(received, 60));
      const records = [invalid, openCase()].map(recordOf);
      expect(handlingRate(records)).toMatchObject({ numerator: 1, denominator: 2 });
      expect(Object.fromEntries(countBy(records, 'validity'))).toEqual({ invalid: 1, unknown: 1 });
    });

    it('has no value without cases', () => {
      expect(handlingRate([])).toEqual({ id: 'handling-rate', numerator: 0, denominator: 0, rate: null });
    });
  });

  describe('closure rate 结案率 = closed / received', () => {
    it('counts closed (satisfied or unreachable) and answered inquiries, not a closed case reopened since', () => {
      expect(closureRate([closedCase(), inquiry(), unreachableCase(), openCase(), reopenedPending(), resolvedNotCalledBack()].map(recordOf))).toMatchObject({
        numerator: 3,
        denominator: 6,
        rate: 0.5,
      });
    });
  });

  describe('callback rate 回访率 = called back / resolved', () => {
    it('counts reached and unreachable callbacks over resolved cases, leaving inquiries out', () => {
      expect(callbackRate([closedCase(), unreachableCase(), resolvedNotCalledBack(), inquiry(), openCase()].map(recordOf))).toMatchObject({
        numerator: 2,
        denominator: 3,
      });
    });

    it('asks a new callback of a case resolved again after reopening', () => {
      const log = handled(new CaseLog())
        .resolved(after(received, 60))
        .attempt(after(received, 120), 1, true)
        .outcome(after(received, 120), 'dissatisfied')
        .reopened(after(received, 121))
        .resolved(after(received, 600));
      expect(callbackRate([recordOf(log)])).toMatchObject({ numerator: 0, denominator: 1, rate: 0 });
      expect(callbackRate([recordOf(reopenedThenSatisfied())])).toMatchObject({ numerator: 1, denominator: 1 });
    });

    it('does not count failed attempts before the policy gives up', () => {
      const trying = handled(new CaseLog()).resolved(after(received, 60)).attempt(after(received, 100), 1, false);
      expect(callbackRate([recordOf(trying)])).toMatchObject({ numerator: 0, denominator: 1 });
    });
  });

  describe('satisfaction rate = (very satisfied + satisfied) / rated callbacks', () => {
    it('rates reached callbacks only: unreachable and not-yet-called-back cases are left out', () => {
      const neutral = new CaseLog().happyPath(received, { satisfaction: 'neutral' });
      const records = [closedCase('satisfied'), closedCase('very-satisfied'), neutral, unreachableCase(), resolvedNotCalledBack()].map(recordOf);
      expect(satisfactionRate(records)).toMatchObject({ numerator: 2, denominator: 3 });
    });

    it('counts a reopened case once, with its final rating', () => {
      expect(satisfactionRate([recordOf(reopenedThenSatisfied())])).toMatchObject({ numerator: 1, denominator: 1, rate: 1 });
      expect(satisfactionRate([recordOf(reopenedPending())])).toMatchObject({ numerator: 0, denominator: 1, rate: 0 });
    });
  });

  describe('timeliness rate 及时率 = cases whose every due clock was met / cases with a due clock', () => {
    const withClock = (build: (log: CaseLog) => CaseLog): CaseRecord =>
      recordOf(build(new CaseLog().registered(received).clockStarted('forward-to-responsible', received, after(received, 10))));

    const onTime = withClock((log) => log.clockMet('forward-to-responsible', after(received, 5), true));
    const late = withClock((log) => log.clockMet('forward-to-responsible', after(received, 30), false));
    const breached = withClock((log) => log.clockBreached('forward-to-responsible', after(received, 10), after(received, 11)));
    const overdueUnreported = withClock((log) => log);
    const notYetDue = recordOf(new CaseLog().registered(received).clockStarted('resolve-general', received, '2026-12-25T00:00:00.000Z'));
    const pausedPastDue = withClock((log) => log.clockPaused('forward-to-responsible', after(received, 5)));
    const upgradeOnly = recordOf(new CaseLog().registered(received).clockStarted('unresolved-upgrade', received, after(received, 60)));
    const oneOfTwoMissed = withClock((log) =>
      log
        .clockMet('forward-to-responsible', after(received, 5), true)
        .clockStarted('first-reply', received, after(received, 24 * 60))
        .clockBreached('first-reply', after(received, 24 * 60), after(received, 24 * 60 + 1)),
    );

    it('counts only cases with a due clock, timely when every due clock was met on time', () => {
      expect(timelinessRate([onTime, late, breached, overdueUnreported, notYetDue, pausedPastDue, upgradeOnly], asOf)).toMatchObject({
        numerator: 1,
        denominator: 4,
        rate: 0.25,
      });
    });

    it('fails a case when any one of its due clocks was missed', () => {
      expect(timelinessRate([oneOfTwoMissed], asOf)).toMatchObject({ numerator: 0, denominator: 1 });
    });

    it('judges a running clock by the report time', () => {
      expect(timelinessRate([notYetDue], asOf).denominator).toBe(0);
      expect(timelinessRate([notYetDue], new Date('2026-12-26T00:00:00.000Z'))).toMatchObject({ numerator: 0, denominator: 1 });
    });
  });

  describe('data completeness = records with every required field / records', () => {
    it('counts records that lack nothing their stage requires', () => {
      const unverified = new CaseLog().registered(received).routed(after(received, 5)).assigned(after(received, 6)).resolved(after(received, 60));
      expect(dataCompleteness([closedCase(), inquiry(), openCase(), unverified].map(recordOf))).toMatchObject({ numerator: 3, denominator: 4, rate: 0.75 });
    });
  });

  describe('time figures (minutes, average and nearest-rank p90)', () => {
    it('takes the nearest rank', () => {
      expect(nearestRankPercentile([], 90)).toBeNull();
      expect(nearestRankPercentile([7], 90)).toBe(7);
      expect(nearestRankPercentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
      expect(nearestRankPercentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
    });

    it('times forwarding over forwarded cases, inquiries and unforwarded cases left out', () => {
      const forwarded = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((minutes) => recordOf(new CaseLog().registered(received).routed(after(received, minutes))));
      const records = [...forwarded, recordOf(inquiry()), recordOf(new CaseLog().registered(received))];
      expect(timeToForward(records)).toEqual({ id: 'time-to-forward', count: 10, averageMinutes: 5.5, p90Minutes: 9 });
    });

    it('times the first reply from the earliest feedback', () => {
      const replied = new CaseLog().registered(received).progress(after(received, 90)).resolved(after(received, 300));
      const resolvedOnly = new CaseLog().registered(received).resolved(after(received, 30));
      expect(timeToFirstReply([replied, resolvedOnly, inquiry()].map(recordOf))).toMatchObject({ count: 2, averageMinutes: 60, p90Minutes: 90 });
    });

    it('times a reopened case to its final resolution, and its callback from there', () => {
      const record = recordOf(reopenedThenSatisfied());
      expect(timeToResolve([record])).toMatchObject({ count: 1, averageMinutes: 600 });
      expect(timeToCallback([record])).toMatchObject({ count: 1, averageMinutes: 60 });
    });

    it('counts an unreachable callback as the end of the callback', () => {
      expect(timeToCallback([recordOf(unreachableCase())])).toMatchObject({ count: 1, averageMinutes: 280 });
    });

    it('has no value without cases', () => {
      expect(timeToResolve([recordOf(openCase())])).toEqual({ id: 'time-to-resolve', count: 0, averageMinutes: null, p90Minutes: null });
    });
  });

  describe('periods', () => {
    it('keeps a case crossing month end in the month it was received; later events update that month', () => {
      const lastEvening = '2026-11-30T14:30:00.000Z'; // 22:30 in Shanghai
      const log = new CaseLog().registered(lastEvening).routed(after(lastEvening, 5)).assigned(after(lastEvening, 6));
      const novemberSoFar = foldCaseRecords(log.events, TEST_POLICY);
      expect(handlingRate(recordsOfMonth(novemberSoFar, 'SH01', '2026-11'))).toMatchObject({ numerator: 0, denominator: 1 });

      log.verified('2026-12-01T02:00:00.000Z').classifiedGeneral('2026-12-01T02:01:00.000Z').resolved('2026-12-02T02:00:00.000Z');
      const later = foldCaseRecords(log.events, TEST_POLICY);
      expect(handlingRate(recordsOfMonth(later, 'SH01', '2026-11'))).toMatchObject({ numerator: 1, denominator: 1 });
      expect(recordsOfMonth(later, 'SH01', '2026-12')).toEqual([]);
    });

    it("counts a mall's cases in its own time zone's month", () => {
      const instant = '2026-12-01T05:00:00.000Z'; // 21:00 on 30 November in Los Angeles, 13:00 on 1 December in Shanghai
      const events: ComplaintEvent[] = [...new CaseLog('LA01').happyPath(instant).events, ...new CaseLog('SH01').happyPath(instant).events];
      const records = foldCaseRecords(events, TEST_POLICY);
      expect(recordsOfMonth(records, 'LA01', '2026-11')).toHaveLength(1);
      expect(recordsOfMonth(records, 'LA01', '2026-12')).toHaveLength(0);
      expect(recordsOfMonth(records, 'SH01', '2026-12')).toHaveLength(1);
      expect(recordsOfMonth(records, 'SH01', '2026-11')).toHaveLength(0);
    });
  });

  describe('all figures together', () => {
    it('computes every figure over a small month', () => {
      const records = [closedCase(), inquiry(), unreachableCase(), reopenedThenSatisfied(), openCase()].map(recordOf);
      const figures = computeFigures(records, asOf);
      expect(figures.received).toBe(5);
      expect(figures.handlingRate).toMatchObject({ numerator: 4, denominator: 5 });
      expect(figures.closureRate).toMatchObject({ numerator: 4, denominator: 5 });
      expect(figures.callbackRate).toMatchObject({ numerator: 3, denominator: 3 });
      expect(figures.satisfactionRate).toMatchObject({ numerator: 2, denominator: 2 });
      expect(figures.timelinessRate).toMatchObject({ numerator: 1, denominator: 1 });
      expect(figures.dataCompleteness).toMatchObject({ numerator: 5, denominator: 5 });
      expect(figures.timeToForward.count).toBe(4);
    });

    it('has a written definition for every figure it computes', () => {
      const figures = computeFigures([], asOf);
      const ids = Object.values(figures).flatMap((figure) => (typeof figure === 'object' ? [figure.id] : []));
      expect(new Set([...ids, 'received'])).toEqual(new Set(FIGURE_IDS));
      for (const id of FIGURE_IDS) {
        expect(FIGURE_DEFINITIONS[id]).toMatchObject({ id, nameZh: expect.any(String), nameEn: expect.any(String), definition: expect.stringMatching(/\S{10,}/) });
      }
    });

    it('prints the chosen definitions and counting rules as footnotes', () => {
      const footnotes = figureFootnotes(['handling-rate', 'callback-rate']);
      expect(footnotes).toHaveLength(2 + COUNTING_RULES.length);
      expect(footnotes[0]).toBe(`处理率 (Handling rate): ${FIGURE_DEFINITIONS['handling-rate'].definition}`);
      expect(footnotes[1]).toMatch(/^回访率 \(Callback rate\): Called back \/ resolved cases/);
      expect(footnotes.slice(2)).toEqual([...COUNTING_RULES]);
    });
  });
});
