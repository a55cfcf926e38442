import { addPolicyDuration, durationInMinutes } from './durations';

const tz = 'Asia/Shanghai';

describe('policy durations', () => {
  it('adds minutes, hours and calendar days', () => {
    const from = new Date('2026-11-23T02:00:00.000Z');
    expect(addPolicyDuration(from, { amount: 10, unit: 'minutes' }, tz).toISOString()).toBe('2026-11-23T02:10:00.000Z');
    expect(addPolicyDuration(from, { amount: 1, unit: 'hours' }, tz).toISOString()).toBe('2026-11-23T03:00:00.000Z');
    expect(addPolicyDuration(from, { amount: 3, unit: 'days' }, tz).toISOString()).toBe('2026-11-26T02:00:00.000Z');
  });

  it('skips the weekend in the mall time zone when adding working days', () => {
    // Friday 2026-11-20 20:00 in Shanghai (12:00Z): +1 working day lands on Monday.
    expect(addPolicyDuration(new Date('2026-11-20T12:00:00.000Z'), { amount: 1, unit: 'working-days' }, tz).toISOString()).toBe('2026-11-23T12:00:00.000Z');
    // Friday 23:30 in Shanghai is still Friday there though Friday 15:30Z: +2 working days is Tuesday.
    expect(addPolicyDuration(new Date('2026-11-20T15:30:00.000Z'), { amount: 2, unit: 'working-days' }, tz).toISOString()).toBe('2026-11-24T15:30:00.000Z');
  });

  it('measures a target in whole minutes', () => {
    expect(durationInMinutes(new Date('2026-11-23T02:00:00Z'), new Date('2026-11-23T02:10:00Z'))).toBe(10);
  });
});
