import { MIN_TIMER_SLEEP_MS, sleepBeforeNextLook } from './clock-timer';

describe('clock timer: how long to sleep before the next look', () => {
  const now = new Date('2026-11-23T02:00:00.000Z');
  const at = (ms: number) => new Date(now.getTime() + ms);

  it('wakes at the next armed deadline rather than a whole poll later', () => {
    expect(sleepBeforeNextLook(at(120), now, 250)).toBe(120);
  });

  it('sleeps at least the minimum when the next row is due already (locked by another loop) or very soon', () => {
    expect(sleepBeforeNextLook(at(-500), now, 250)).toBe(MIN_TIMER_SLEEP_MS);
    expect(sleepBeforeNextLook(at(3), now, 250)).toBe(MIN_TIMER_SLEEP_MS);
  });

  it('looks again after the poll interval when nothing is armed or the next deadline is far', () => {
    expect(sleepBeforeNextLook(null, now, 250)).toBe(250);
    expect(sleepBeforeNextLook(at(7 * 86_400_000), now, 250)).toBe(250);
  });
});
