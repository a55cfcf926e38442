import type { ComplaintEventType, EventData } from '@mallcare/contracts';
import { storedEvent } from '@mallcare/testing';
import { evolveQueueClocks, gradeOf, nearestDeadlineOf, type QueueClock, type SlaClockEvent } from './case-clocks';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const t0 = Date.parse('2026-09-29T02:00:00.000Z');
const at = (ms: number) => new Date(t0 + ms);
const iso = (ms: number) => at(ms).toISOString();

const event = <T extends SlaClockEvent['type']>(type: T, data: EventData<T>): SlaClockEvent => storedEvent(type as ComplaintEventType & T, data as never) as unknown as SlaClockEvent;
const started = (clockId: string, dueMs: number, warnMs?: number) =>
  event('SlaClockStarted', {
    clockId,
    clockKind: clockId.split('#')[0],
    startedAt: iso(0),
    dueAt: iso(dueMs),
    targetMinutes: Math.round(dueMs / MINUTE),
    policyVersion: 'sample-group-r1',
    calendarCoverage: { status: 'official' },
    warnAt: warnMs === undefined ? [] : [iso(warnMs)],
    byCustomerDeadline: false,
  });
const fold = (events: SlaClockEvent[]): QueueClock[] => events.reduce(evolveQueueClocks, []);

describe('work queue clocks: the deadlines sla-monitor holds a case to', () => {
  it('takes deadlines and warning points from SlaClockStarted and follows a recomputation', () => {
    // National Day 2026: sla-monitor's official calendar put the first reply after the holiday.
    const clocks = fold([
      started('forward-to-responsible#1', 10 * MINUTE, 5 * MINUTE),
      started('first-reply#1', 9 * 24 * HOUR, 7 * 24 * HOUR),
      event('SlaClockRecomputed', {
        clockId: 'first-reply#1',
        clockKind: 'first-reply',
        previousDueAt: iso(9 * 24 * HOUR),
        dueAt: iso(8 * 24 * HOUR),
        warnAt: [iso(6 * 24 * HOUR)],
        previousPolicyVersion: 'sample-group-r1',
        policyVersion: 'sample-group-r2',
        calendarCoverage: { status: 'official' },
        recomputedAt: iso(HOUR),
      }),
    ]);
    expect(clocks.map((clock) => [clock.clockId, clock.state, clock.deadline, clock.warningAt])).toEqual([
      ['forward-to-responsible#1', 'running', iso(10 * MINUTE), iso(5 * MINUTE)],
      ['first-reply#1', 'running', iso(8 * 24 * HOUR), iso(6 * 24 * HOUR)],
    ]);
    expect(nearestDeadlineOf(clocks)).toBe(iso(10 * MINUTE));
    expect(fold([started('first-reply#1', HOUR), started('first-reply#1', HOUR)])).toHaveLength(1);
  });

  it('grades normal, at risk at the policy warning point, breached at the deadline and when sla-monitor breached it', () => {
    const clocks = fold([started('forward-to-responsible#1', 10 * MINUTE, 5 * MINUTE), started('resolve-general#1', 72 * HOUR, 54 * HOUR)]);
    expect(gradeOf(clocks, at(MINUTE))).toBe('normal');
    expect(gradeOf(clocks, at(5 * MINUTE))).toBe('at-risk');
    expect(gradeOf(clocks, at(10 * MINUTE))).toBe('breached');
    const breached = evolveQueueClocks(clocks, event('SlaClockBreached', { clockId: 'forward-to-responsible#1', clockKind: 'forward-to-responsible', dueAt: iso(10 * MINUTE), breachedAt: iso(10 * MINUTE), policyVersion: 'v' }));
    expect(nearestDeadlineOf(breached)).toBe(iso(10 * MINUTE));
    expect(gradeOf(breached, at(MINUTE))).toBe('breached');
    const met = evolveQueueClocks(breached, event('SlaClockMet', { clockId: 'forward-to-responsible#1', clockKind: 'forward-to-responsible', metAt: iso(20 * MINUTE), withinTarget: false }));
    expect([nearestDeadlineOf(met), gradeOf(met, at(20 * MINUTE))]).toEqual([iso(72 * HOUR), 'normal']);
  });

  it('shows a paused clock with its reason, out of the nearest deadline, and its moved deadline on resume', () => {
    const clocks = fold([
      started('resolve-general#1', 72 * HOUR, 54 * HOUR),
      started('unresolved-upgrade#1', 30 * 24 * HOUR),
      event('SlaClockPaused', { clockId: 'resolve-general#1', clockKind: 'resolve-general', reason: '等待顾客提供小票', pausedAt: iso(HOUR), pausedBy: 'sh01-operations-1' }),
    ]);
    expect(clocks[0]).toMatchObject({ state: 'paused', pausedReason: '等待顾客提供小票' });
    expect(nearestDeadlineOf(clocks)).toBe(iso(30 * 24 * HOUR));
    expect(gradeOf(clocks, at(2 * HOUR))).toBe('paused');
    const resumed = evolveQueueClocks(
      clocks,
      event('SlaClockResumed', { clockId: 'resolve-general#1', clockKind: 'resolve-general', resumedAt: iso(3 * HOUR), pausedMs: 2 * HOUR, previousDueAt: iso(72 * HOUR), dueAt: iso(74 * HOUR), resumedBy: 'x' }),
    );
    expect(resumed[0]).toMatchObject({ state: 'running', pausedReason: null, deadline: iso(74 * HOUR), warningAt: iso(56 * HOUR) });
    expect(gradeOf(resumed, at(3 * HOUR))).toBe('normal');
  });

  it('marks the holder warned at risk even without a warning point of its own, and a month-old case past its upgrade as breached', () => {
    const clocks = fold([started('callback#1', 48 * HOUR)]);
    const warned = evolveQueueClocks(clocks, event('SlaClockWarned', { clockId: 'callback#1', clockKind: 'callback', dueAt: iso(48 * HOUR), warnedAt: iso(HOUR), percent: 75, notified: [], policyVersion: 'v' }));
    expect(gradeOf(warned, at(HOUR))).toBe('at-risk');
    const upgrade = evolveQueueClocks(
      fold([started('unresolved-upgrade#1', 30 * 24 * HOUR)]),
      event('CaseUpgradeDue', { clockId: 'unresolved-upgrade#1', toSeverity: 'major', openSince: iso(0), dueAt: iso(30 * 24 * HOUR), reason: 'open a month', policyVersion: 'v' }),
    );
    expect(upgrade[0].state).toBe('breached');
  });
});
