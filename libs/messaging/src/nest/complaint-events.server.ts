import { eventTypesProducedBy, isKnownEventType, PRODUCING_SERVICES, type ComplaintEvent, type ServiceName } from '@mallcare/contracts';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { EventBus } from '../event-bus';
import { InboxProcessor, type EventHandler, type UnitOfWork } from '../inbox-processor';
import type { MessagingMetrics } from '../messaging.metrics';
import type { RetryPolicy } from '../retry-policy';

/** What an `@EventPattern` handler gets as `@Ctx()`: the transaction to write in (its batch's; rolled back whole if the handler throws). */
export class ComplaintEventContext extends BaseRpcContext<[UnitOfWork]> {
  get manager(): UnitOfWork['manager'] {
    return this.args[0].manager;
  }
}

export interface ComplaintEventsServerOptions {
  service: ServiceName;
  schema: string;
  dataSource: DataSource;
  bus: EventBus;
  metrics: MessagingMetrics;
  retry?: RetryPolicy;
  log: (message: string) => void;
}

/**
 * A Nest microservice transport over our EventBus, so consumers are plain `@EventPattern('CaseRouted')`
 * handlers. It subscribes to exactly the producers of the event types that have handlers, and runs
 * each handler inside its batch's inbox transaction (InboxProcessor says what a failure does).
 */
export class ComplaintEventsServer extends Server implements CustomTransportStrategy {
  private processor: InboxProcessor | null = null;
  /** Per event type: Nest's lookup tries JSON.parse on the pattern, and throws, for every event. */
  private readonly handlers = new Map<string, EventHandler | null>();

  constructor(private readonly options: ComplaintEventsServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const patterns = [...this.messageHandlers.keys()];
      const unknown = patterns.filter((pattern) => !isKnownEventType(pattern));
      if (unknown.length > 0) throw new Error(`@EventPattern for events not in the catalogue: ${unknown.join(', ')}`);
      const sources = PRODUCING_SERVICES.filter((producer) =>
        eventTypesProducedBy(producer).some((type) => this.messageHandlers.has(type)),
      );
      const processor = (this.processor = new InboxProcessor({
        service: this.options.service,
        schema: this.options.schema,
        dataSource: this.options.dataSource,
        bus: this.options.bus,
        metrics: this.options.metrics,
        retry: this.options.retry,
        log: this.options.log,
        handlerFor: (type) => {
          let handler = this.handlers.get(type);
          if (handler === undefined) {
            handler = this.handlerOf(type);
            this.handlers.set(type, handler);
          }
          return handler;
        },
      }));
      if (sources.length > 0) await this.options.bus.subscribe(this.options.service, sources, processor.receive);
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private handlerOf(type: string): EventHandler | null {
    const handler = this.getHandlerByPattern(type);
    if (!handler) return null;
    return async (received: ComplaintEvent, unit: UnitOfWork) => {
      const result = await handler(received, new ComplaintEventContext([unit]));
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    };
  }

  /** Consumers finish (or hand back) the message in hand, commit where they are, and stop. */
  async close(): Promise<void> {
    this.processor?.stop();
    await this.options.bus.close();
  }

  on(): never {
    throw new Error('ComplaintEventsServer has no transport events to listen to');
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }
}

