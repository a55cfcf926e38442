import { isKnownEventType, parseEvent, type ComplaintEvent, type ServiceName } from '@mallcare/contracts';
import { LogSignal } from '@mallcare/event-store';
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

  constructor(private readonly options: InboxProcessorOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  readonly receive = async (message: InboundMessage): Promise<void> => {
    const { metrics, bus, service } = this.options;
    let event: ComplaintEvent;
    try {
      event = parseEvent(JSON.parse(message.payload));
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
    for (let attempt = 1; ; attempt++) {
      const stopTimer = metrics.handlerDuration.startTimer({ event_type: event.type });
      try {
        const outcome = await this.handleOnce(event, handler);
        stopTimer();
        metrics.consumed.inc({ event_type: event.type, outcome });
        return;
      } catch (error) {
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

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

const eventTypeOf = (payload: string): string => {
  try {
    const type = (JSON.parse(payload) as { type?: unknown }).type;
    return typeof type === 'string' && isKnownEventType(type) ? type : 'unknown';
  } catch {
    return 'unparseable';
  }
};
