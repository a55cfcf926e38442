import { DEFAULT_SUPERVISION, restartDelay } from '../scripts/supervisor';

describe('restart backoff', () => {
  it('waits 1 s after a first death, doubles on each quick death, and is capped', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((deaths) => restartDelay(deaths, DEFAULT_SUPERVISION))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });
});
