import { addPolicyDuration } from './durations';
import { SAMPLE_GROUP_POLICY, type GroupPolicy } from './group-policy';
import { addPolicyDurationOnCalendar, policyCalendarFor } from './policy-calendar';

const shanghai = policyCalendarFor(SAMPLE_GROUP_POLICY, 'SH01');
const workingDays = (from: string, amount: number) => addPolicyDurationOnCalendar(new Date(from), { amount, unit: 'working-days' }, shanghai);

describe('policy durations on the mall calendar', () => {
  it('adds minutes, hours and calendar days as before', () => {
    const from = new Date('2026-02-13T02:00:00.000Z');
    for (const duration of [{ amount: 10, unit: 'minutes' }, { amount: 1, unit: 'hours' }, { amount: 3, unit: 'days' }] as const) {
      expect(addPolicyDurationOnCalendar(from, duration, shanghai)).toEqual({ dueAt: addPolicyDuration(from, duration, 'Asia/Shanghai'), coverage: { status: 'official' } });
    }
  });

  it('counts working days across Spring Festival 2026 and its 调休 Saturdays', () => {
    expect(workingDays('2026-02-13T02:00:00.000Z', 1).dueAt.toISOString()).toBe('2026-02-14T15:59:59.999Z');
    expect(workingDays('2026-02-13T02:00:00.000Z', 2).dueAt.toISOString()).toBe('2026-02-24T15:59:59.999Z');
    expect(workingDays('2026-02-26T02:00:00.000Z', 2).dueAt.toISOString()).toBe('2026-02-28T15:59:59.999Z');
  });

  it('counts working days across National Day 2025 (with Mid-Autumn) and its 调休', () => {
    expect(workingDays('2025-09-30T02:00:00.000Z', 1).dueAt.toISOString()).toBe('2025-10-09T15:59:59.999Z');
    expect(workingDays('2025-09-27T02:00:00.000Z', 1).dueAt.toISOString()).toBe('2025-09-28T15:59:59.999Z');
  });

  it("adds the mall's own closures, and reports a year past the bundled schedule", () => {
    const closed: GroupPolicy = {
      ...SAMPLE_GROUP_POLICY,
      malls: SAMPLE_GROUP_POLICY.malls.map((mall) => (mall.id === 'SH01' ? { ...mall, calendar: { closures: [{ date: '2026-03-02', reason: 'stock-take' }] } } : mall)),
    };
    expect(addPolicyDurationOnCalendar(new Date('2026-03-01T02:00:00.000Z'), { amount: 1, unit: 'working-days' }, policyCalendarFor(closed, 'SH01')).dueAt.toISOString()).toBe(
      '2026-03-03T15:59:59.999Z',
    );
    expect(workingDays('2027-03-01T02:00:00.000Z', 1).coverage).toEqual({ status: 'weekday-fallback', uncoveredYears: [2027] });
  });

  describe('end of day + N days (当天 / 次日内) in the mall time zone', () => {
    const endOfDay = (from: string, amount: number, calendar = shanghai) => addPolicyDurationOnCalendar(new Date(from), { amount, unit: 'end-of-day' }, calendar).dueAt.toISOString();

    it('ends the same day at 24:00 Shanghai time, however late the start', () => {
      // 2026-11-23 10:00 in Shanghai → 23:59:59.999 that day (15:59:59.999Z).
      expect(endOfDay('2026-11-23T02:00:00.000Z', 0)).toBe('2026-11-23T15:59:59.999Z');
      // 23:59 local is still the same day; one minute later (16:00Z) it is the next day already.
      expect(endOfDay('2026-11-23T15:59:00.000Z', 0)).toBe('2026-11-23T15:59:59.999Z');
      expect(endOfDay('2026-11-23T16:00:00.000Z', 0)).toBe('2026-11-24T15:59:59.999Z');
      // 00:30 local on the 24th is 16:30Z on the 23rd: its own day is the 24th, not the UTC date.
      expect(endOfDay('2026-11-23T16:30:00.000Z', 0)).toBe('2026-11-24T15:59:59.999Z');
    });

    it('ends the next calendar day for amount 1, holidays and weekends included', () => {
      expect(endOfDay('2026-11-23T15:59:00.000Z', 1)).toBe('2026-11-24T15:59:59.999Z');
      // Spring Festival eve 2026-02-16 counts like any day: "by the next day" is not a working-day rule.
      expect(endOfDay('2026-02-16T04:00:00.000Z', 1)).toBe('2026-02-17T15:59:59.999Z');
    });

    it("uses a mall's own time zone, across a daylight-saving change", () => {
      const london: GroupPolicy = {
        ...SAMPLE_GROUP_POLICY,
        malls: SAMPLE_GROUP_POLICY.malls.map((mall) => (mall.id === 'SH01' ? { ...mall, timeZone: 'Europe/London' } : mall)),
      };
      const calendar = policyCalendarFor(london, 'SH01');
      // 2026-03-28 23:30 GMT is that day in London (already the 29th in Shanghai).
      expect(endOfDay('2026-03-28T23:30:00.000Z', 0, calendar)).toBe('2026-03-28T23:59:59.999Z');
      // The 29th has 23 hours there (BST from 01:00 GMT): it ends at 23:59:59.999 BST = 22:59:59.999Z.
      expect(endOfDay('2026-03-28T23:30:00.000Z', 1, calendar)).toBe('2026-03-29T22:59:59.999Z');
    });

    it('agrees with the weekday-only duration rule', () => {
      expect(addPolicyDuration(new Date('2026-11-23T16:30:00.000Z'), { amount: 1, unit: 'end-of-day' }, 'Asia/Shanghai').toISOString()).toBe('2026-11-25T15:59:59.999Z');
    });
  });

  it('builds each mall calendar once per policy version', () => {
    expect(policyCalendarFor(SAMPLE_GROUP_POLICY, 'SH01')).toBe(shanghai);
  });
});
