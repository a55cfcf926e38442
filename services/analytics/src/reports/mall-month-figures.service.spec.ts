import { LogSignal } from '@mallcare/event-store';
import { FixedClock } from '@mallcare/platform';
import type { MallMonthFiguresRepository } from './mall-month-figures.repository';
import { MallMonthFiguresService } from './mall-month-figures.service';

/** A repository with nothing to recompute that counts the background passes (each asks dirtyDue once) and says whether marks remain. */
const countingStore = () => {
  const state = { passes: 0, marked: false };
  const stored = {
    dirtyDue: async () => {
      state.passes++;
      return [];
    },
    computedBefore: async () => [],
    anyDirty: async () => state.marked,
  } as unknown as MallMonthFiguresRepository;
  return { state, stored };
};

describe('MallMonthFiguresService background passes', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs after an analytics commit (after the debounce), every interval while marks remain, otherwise only every 30 s', async () => {
    const { state, stored } = countingStore();
    const service = new MallMonthFiguresService(stored, { intervalMs: 2_000, debounceMs: 1_000, maxAgeMs: 300_000, maxDelayMs: 10_000 }, new FixedClock(new Date('2026-11-20T00:00:00Z')));
    service.onApplicationBootstrap();
    try {
      await jest.advanceTimersByTimeAsync(2_000);
      expect(state.passes).toBe(1);
      // Nothing marked: no look for the next 29 s.
      await jest.advanceTimersByTimeAsync(20_000);
      expect(state.passes).toBe(1);

      // Another service's commit is not analytics': no pass for it.
      LogSignal.appendedElsewhere('routing');
      await jest.advanceTimersByTimeAsync(1_200);
      expect(state.passes).toBe(1);

      LogSignal.appendedElsewhere('analytics');
      state.marked = true;
      await jest.advanceTimersByTimeAsync(1_000);
      expect(state.passes).toBe(1);
      await jest.advanceTimersByTimeAsync(200);
      expect(state.passes).toBe(2);
      // A mark not yet due remains: looked at again after the interval.
      state.marked = false;
      await jest.advanceTimersByTimeAsync(2_000);
      expect(state.passes).toBe(3);
      await jest.advanceTimersByTimeAsync(29_000);
      expect(state.passes).toBe(3);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(state.passes).toBe(4);
    } finally {
      await service.onModuleDestroy();
    }
  });

  it('does nothing in the background with an interval of 0', async () => {
    const { state, stored } = countingStore();
    const service = new MallMonthFiguresService(stored, { intervalMs: 0, debounceMs: 1_000, maxAgeMs: 300_000, maxDelayMs: 10_000 }, new FixedClock(new Date('2026-11-20T00:00:00Z')));
    service.onApplicationBootstrap();
    LogSignal.appended('analytics');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(state.passes).toBe(0);
    await service.onModuleDestroy();
  });
});
