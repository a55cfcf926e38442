import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DeliveryRepository } from './delivery.repository';

/** Delivery as the SRE sees it: sent, given up, each failed try, what waits, and how long a decision takes to reach a channel. */
@Injectable()
export class DeliveryMetrics {
  readonly sent: Counter<'channel' | 'rung'>;
  readonly failed: Counter<'channel' | 'rung'>;
  readonly attemptsFailed: Counter<'channel'>;
  readonly latency: Histogram<'channel'>;

  constructor(@Inject(Registry) registry: Registry, deliveries: DeliveryRepository) {
    this.sent = new Counter({ name: 'mallcare_notifications_sent_total', help: 'Notifications a channel accepted, by channel and rung', labelNames: ['channel', 'rung'], registers: [registry] });
    this.failed = new Counter({
      name: 'mallcare_notifications_failed_total',
      help: "Notifications given up on after the policy's tries (or that could never be sent), by channel and rung",
      labelNames: ['channel', 'rung'],
      registers: [registry],
    });
    this.attemptsFailed = new Counter({
      name: 'mallcare_notification_attempts_failed_total',
      help: 'Tries a channel did not accept (each retried with backoff until the last), by channel',
      labelNames: ['channel'],
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'mallcare_notification_delivery_latency_seconds',
      help: 'From the decision (warning, escalation, notice) to the channel accepting the message',
      labelNames: ['channel'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers: [registry],
    });
    new Gauge({
      name: 'mallcare_notifications_pending',
      help: 'Notifications waiting to be sent (new or waiting for a retry), by channel and rung',
      labelNames: ['channel', 'rung'],
      registers: [registry],
      async collect() {
        const rows = await deliveries.pendingByChannelAndRung();
        this.reset();
        for (const row of rows) this.set({ channel: row.channel, rung: row.rung }, Number(row.pending));
      },
    });
  }
}
