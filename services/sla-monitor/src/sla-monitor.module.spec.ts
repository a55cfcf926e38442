import { timerOptionsFrom } from './sla-monitor.module';

describe('SLA timer settings', () => {
  it('defaults when unset and takes valid values', () => {
    expect(timerOptionsFrom({})).toEqual({ pollIntervalMs: 2_000, batchSize: 500, workers: 4 });
    expect(timerOptionsFrom({ SLA_TIMER_POLL_MS: '100', SLA_TIMER_WORKERS: '8' })).toEqual({ pollIntervalMs: 100, batchSize: 500, workers: 8 });
  });

  it('refuses a wrong value at start instead of falling back silently', () => {
    expect(() => timerOptionsFrom({ SLA_TIMER_POLL_MS: 'fast' })).toThrow(/invalid configuration:\n {2}- SLA_TIMER_POLL_MS: .*integer/);
    expect(() => timerOptionsFrom({ SLA_TIMER_WORKERS: '0' })).toThrow(/SLA_TIMER_WORKERS: .*not be less than 1/);
  });
});
