import { everyThirdReceivedAnHourAgo, runRegistrationLoad } from './registration-load';
import { withSystemLog, type RunningSystem } from './running-system';
import { issueToken } from './thin-flow';

/**
 * A fault run's load: `total` registrations through the system's base URL as SH01's desk, four at a
 * time, every third received an hour ago (its clocks due at once); `onAccepted` injects the faults.
 * Every registration is accepted in the end (none refused, none unfinished): the accepted complaints' ids.
 */
export const loadUnderFaults = async (
  running: RunningSystem,
  options: { total: number; keyPrefix: string; deadlineMs: number; onAccepted: (accepted: number) => Promise<void> },
): Promise<{ ids: Set<string>; retries: number }> => {
  const bearer = `Bearer ${await issueToken(running.baseUrl, 'sh01-desk-1')}`;
  const load = await withSystemLog(running, () =>
    runRegistrationLoad({ ...options, concurrency: 4, baseUrl: running.baseUrl, bearer, extra: everyThirdReceivedAnHourAgo() }),
  );
  expect({ refused: [...load.refused], unfinished: load.unfinished }).toEqual({ refused: [], unfinished: [] });
  return { ids: new Set(load.accepted.values()), retries: load.retries };
};
