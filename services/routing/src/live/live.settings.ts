import { InvalidConfiguration } from '@mallcare/platform';
import { flattenValidationErrors } from '@mallcare/contracts';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, Max, Min, validateSync } from 'class-validator';

/** The live stream's operational limits (not case rules: nothing a policy decides), validated at start. */
class LiveEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60_000)
  LIVE_HEARTBEAT_MS!: number;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  LIVE_RETAINED_CHANGES!: number;

  @Type(() => Number)
  @IsInt()
  @Min(4_096)
  @Max(64 * 1024 * 1024)
  LIVE_MAX_BUFFERED_BYTES!: number;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300_000)
  LIVE_READ_MODEL_WAIT_MS!: number;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(10_000)
  LIVE_READ_MODEL_POLL_MS!: number;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  LIVE_LINGER_MS!: number;
}

export interface LiveSettings {
  /** A comment line this often keeps proxies from closing an idle stream and lets clients notice a dead one. */
  heartbeatMs: number;
  /** Changes kept for resuming by Last-Event-ID; an older id gets `event: resync`. */
  retainedChanges: number;
  /** What a connection may have unsent before it is dropped as too slow. */
  maxBufferedBytes: number;
  /**
   * How long a change routing's consumers apply to the work queue waits for that to commit before it
   * is announced anyway (a consumer stopped or far behind must not silence the stream).
   */
  readModelWaitMs: number;
  /** How often the inbox is asked meanwhile (a commit in this process wakes the feed at once). */
  readModelPollMs: number;
  /**
   * How long after its last stream closed the feed goes on numbering changes, so a console that
   * reconnects within it resumes exactly; past it, changes nobody hears are not looked up.
   */
  lingerMs: number;
}

export const LIVE_SETTINGS = Symbol('LIVE_SETTINGS');

/** ROUTING_LIVE_* wins over LIVE_*, like the other settings. */
export const loadLiveSettings = (env: NodeJS.ProcessEnv = process.env): LiveSettings => {
  const pick = (name: string, fallback: string): string => env[`ROUTING_${name}`] ?? env[name] ?? fallback;
  const parsed = plainToInstance(LiveEnvironment, {
    LIVE_HEARTBEAT_MS: pick('LIVE_HEARTBEAT_MS', '15000'),
    LIVE_RETAINED_CHANGES: pick('LIVE_RETAINED_CHANGES', '10000'),
    LIVE_MAX_BUFFERED_BYTES: pick('LIVE_MAX_BUFFERED_BYTES', String(1024 * 1024)),
    LIVE_READ_MODEL_WAIT_MS: pick('LIVE_READ_MODEL_WAIT_MS', '30000'),
    LIVE_READ_MODEL_POLL_MS: pick('LIVE_READ_MODEL_POLL_MS', '100'),
    LIVE_LINGER_MS: pick('LIVE_LINGER_MS', '120000'),
  });
  const errors = flattenValidationErrors(validateSync(parsed));
  if (errors.length > 0) throw new InvalidConfiguration('routing', errors.map((e) => `${e.field}: ${e.messages.join(', ')}`));
  return {
    heartbeatMs: parsed.LIVE_HEARTBEAT_MS,
    retainedChanges: parsed.LIVE_RETAINED_CHANGES,
    maxBufferedBytes: parsed.LIVE_MAX_BUFFERED_BYTES,
    readModelWaitMs: parsed.LIVE_READ_MODEL_WAIT_MS,
    readModelPollMs: parsed.LIVE_READ_MODEL_POLL_MS,
    lingerMs: parsed.LIVE_LINGER_MS,
  };
};
