import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What SRE watches of the event flow, per service (each service has its own registry). */
export class MessagingMetrics {
  readonly consumed: Counter<'event_type' | 'outcome'>;
  readonly failed: Counter<'event_type' | 'stage'>;
  readonly deadLettered: Counter<'event_type'>;
  readonly produced: Counter<'event_type'>;
  readonly consumerLag: Gauge<'source'>;
  readonly outboxBacklog: Gauge;
  readonly handlerDuration: Histogram<'event_type'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.consumed = new Counter({
      name: 'mallcare_events_consumed_total',
      help: 'Events received from the transport, by type and outcome (handled, duplicate, ignored).',
      labelNames: ['event_type', 'outcome'],
      registers,
    });
    this.failed = new Counter({
      name: 'mallcare_events_failed_total',
      help: 'Failed handling attempts, by type and stage (contract, handler).',
      labelNames: ['event_type', 'stage'],
      registers,
    });
    this.deadLettered = new Counter({
      name: 'mallcare_events_dead_lettered_total',
      help: 'Events given up on and kept as dead letters.',
      labelNames: ['event_type'],
      registers,
    });
    this.produced = new Counter({
      name: 'mallcare_events_produced_total',
      help: 'Events of this service published to the transport, by type.',
      labelNames: ['event_type'],
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'mallcare_consumer_lag_events',
      help: 'Events in a source log or topic not yet handled by this service.',
      labelNames: ['source'],
      registers,
    });
    this.outboxBacklog = new Gauge({
      name: 'mallcare_outbox_backlog_events',
      help: 'Events stored by this service and not yet published.',
      registers,
    });
    this.handlerDuration = new Histogram({
      name: 'mallcare_event_handler_duration_seconds',
      help: 'Time to handle one event: its handler in the batch transaction, or its own transaction when retried alone.',
      labelNames: ['event_type'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
  }
}
