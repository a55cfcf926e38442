import { isKnownEventType, parseEvent, type ComplaintEvent, type ServiceName } from '@mallcare/contracts';
import { isDatabaseUnavailable, LogSignal } from '@mallcare/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventBus, InboundMessage } from './event-bus';
import type { MessagingMetrics } from './messaging.metrics';
import { backoffMs, DEFAULT_RETRY_POLICY, isPermanent, sleep, type RetryPolicy } from './retry-policy';

/** The transaction a handler writes in; the inbox row for the event commits with it. */
export interface UnitOfWork {
  manager: EntityManager;
}

export type EventHandler = (event: ComplaintEvent, unit: UnitOfWork) => Promise<void>;

export type HandlingOutcome = 'handled' | 'duplicate' | 'ignored';

export interface InboxProcessorOptions {
  service: ServiceName;
  schema: string;
  dataSource: DataSource;
  bus: EventBus;
  metrics: MessagingMetrics;
  /** Returns null for event types this service has no handler for. */
  handlerFor: (event: ComplaintEvent) => EventHandler | null;
  retry?: RetryPolicy;
  log?: (message: string) => void;
}

/**
 * Turns at-least-once delivery into exactly-once effects: each event is handled in one transaction
 * with its inbox row, so a redelivery finds the row and changes nothing. Contract violations go to
 * the dead letters at once; other failures are retried with backoff first.
 */
export class InboxProcessor {
  private readonly retry: RetryPolicy;
  private stopped = false;
  /** Set while handling waits for the database; consumption resumes by itself when it answers. */
  private pausedSince: number | null = null;

  constructor(private readonly options: InboxProcessorOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  readonly receive = async (message: InboundMessage): Promise<void> => {
    const { metrics, bus, service } = this.options;
    let event: ComplaintEvent;
    try {
      event = parseEvent(message.envelope ?? JSON.parse(message.payload));
    } catch (error) {
      const type = eventTypeOf(message.payload);
      metrics.failed.inc({ event_type: type, stage: 'contract' });
      metrics.deadLettered.inc({ event_type: type });
      await bus.deadLetter(service, message, asError(error), 1);
      this.options.log?.(`dead-lettered ${message.origin}: ${asError(error).message}`);
      return;
    }
    const handler = this.options.handlerFor(event);
    if (!handler) {
      metrics.consumed.inc({ event_type: event.type, outcome: 'ignored' });
      return;
    }
    for (let attempt = 1, waits = 0; ; attempt++) {
      const stopTimer = metrics.handlerDuration.startTimer({ event_type: event.type });
      try {
        const outcome = await this.handleOnce(event, handler);
        stopTimer();
        metrics.consumed.inc({ event_type: event.type, outcome });
        this.resumed();
        return;
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          // Not the event's fault: it is not counted against it and never dead-lettered for it.
          metrics.failed.inc({ event_type: event.type, stage: 'database-unavailable' });
          await this.pause(message, asError(error), ++waits);
          attempt--;
          continue;
        }
        metrics.failed.inc({ event_type: event.type, stage: 'handler' });
        if (isPermanent(error) || attempt >= this.retry.attempts) {
          metrics.deadLettered.inc({ event_type: event.type });
          await bus.deadLetter(service, message, asError(error), attempt);
          this.options.log?.(`dead-lettered ${event.type} ${event.metadata.eventId} after ${attempt} attempt(s): ${asError(error).message}`);
          return;
        }
        await sleep(backoffMs(this.retry, attempt));
      }
    }
  };

  /**
   * Stops waiting for the database: a message still waiting is handed back unhandled (the call
   * throws, so its offset or checkpoint does not move) and a later delivery handles it.
   */
  stop(): void {
    this.stopped = true;
  }

  private async pause(message: InboundMessage, error: Error, waits: number): Promise<void> {
    if (this.pausedSince === null) {
      this.pausedSince = Date.now();
      this.options.log?.(`database unavailable (${error.message}); consumption paused at ${message.origin} until it answers`);
    }
    const delay = backoffMs({ ...this.retry, maxBackoffMs: Math.max(this.retry.maxBackoffMs, 1_000) }, Math.min(waits, 10));
    // Waits in short slices so a shutdown does not wait for the database either.
    const handedBack = () => this.stopped || message.handedBack?.() === true;
    for (let waited = 0; waited < delay && !handedBack(); waited += PAUSE_SLICE_MS) await sleep(PAUSE_SLICE_MS);
    if (handedBack()) throw new ConsumerStopped(message.origin);
    await message.heartbeat?.();
  }

  private resumed(): void {
    if (this.pausedSince === null) return;
    this.options.log?.(`database back; consumption resumed after ${Math.round((Date.now() - this.pausedSince) / 1000)} s`);
    this.pausedSince = null;
  }

  private async handleOnce(event: ComplaintEvent, handler: EventHandler): Promise<HandlingOutcome> {
    const { dataSource, schema } = this.options;
    const outcome = await dataSource.transaction(async (manager) => {
      const fresh: unknown[] = await manager.query(
        `INSERT INTO ${schema}.inbox (event_id, event_type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [event.metadata.eventId, event.type],
      );
      if (fresh.length === 0) return 'duplicate' as const;
      await handler(event, { manager });
      return 'handled' as const;
    });
    if (outcome === 'handled') LogSignal.appended(schema);
    return outcome;
  }
}

const PAUSE_SLICE_MS = 100;

/** The consumer is shutting down while the database is away: the message goes back unhandled. */
export class ConsumerStopped extends Error {
  constructor(origin: string) {
    super(`stopping: ${origin} handed back unhandled`);
    this.name = 'ConsumerStopped';
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

const eventTypeOf = (payload: string): string => {
  try {
    const type = (JSON.parse(payload) as { type?: unknown }).type;
    return typeof type === 'string' && isKnownEventType(type) ? type : 'unknown';
  } catch {
    return 'unparseable';
  }
};
