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

  it('builds each mall calendar once per policy version', () => {
    expect(policyCalendarFor(SAMPLE_GROUP_POLICY, 'SH01')).toBe(shanghai);
  });
});
