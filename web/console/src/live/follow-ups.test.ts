import { afterEach, describe, expect, it, vi } from 'vitest';
import { FollowUps } from './follow-ups';

describe('reading again after a live change', () => {
  afterEach(() => vi.useRealTimers());

  it('invalidates at once and after each settle delay; a burst on one key costs one follow-up each', () => {
    vi.useFakeTimers();
    const invalidated: string[] = [];
    const followUps = new FollowUps((key) => invalidated.push(JSON.stringify(key)), [1_000, 4_000]);
    followUps.touch(['notifications']);
    vi.advanceTimersByTime(500);
    followUps.touch(['notifications']);
    followUps.touch(['queue']);
    expect(invalidated).toEqual(['["notifications"]', '["notifications"]', '["queue"]']);
    vi.advanceTimersByTime(1_000);
    expect(invalidated.slice(3).sort()).toEqual(['["notifications"]', '["queue"]']);
    vi.advanceTimersByTime(3_000);
    expect(invalidated).toHaveLength(7);
    followUps.touch(['case', 'c1']);
    followUps.stop();
    vi.advanceTimersByTime(10_000);
    expect(invalidated).toHaveLength(8);
  });
});
