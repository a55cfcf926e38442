import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { CallbacksRepository } from './callbacks.repository';

/** Read from the callback's read models at each scrape, so every instance reports the same figures. HQ samples are not counted. */
@Injectable()
export class CallbackMetrics {
  constructor(@Inject(Registry) registry: Registry, callbacks: CallbacksRepository) {
    new Gauge({
      name: 'mallcare_callbacks_due',
      help: 'Callbacks due and not yet overdue, per mall',
      labelNames: ['mall'],
      registers: [registry],
      async collect() {
        const rows = await callbacks.dueByMall();
        this.reset();
        for (const row of rows) this.set({ mall: row.mall_id }, Number(row.count));
      },
    });
    new Gauge({
      name: 'mallcare_callbacks_overdue',
      help: 'Callbacks past their due time, per mall',
      labelNames: ['mall'],
      registers: [registry],
      async collect() {
        const rows = await callbacks.overdueByMall();
        this.reset();
        for (const row of rows) this.set({ mall: row.mall_id }, Number(row.count));
      },
    });
    new Gauge({
      name: 'mallcare_callbacks_completed',
      help: 'Callbacks completed since the start, per mall and outcome (satisfied, not-satisfied, unreachable)',
      labelNames: ['mall', 'outcome'],
      registers: [registry],
      async collect() {
        const rows = await callbacks.completedByMallAndOutcome();
        this.reset();
        for (const row of rows) this.set({ mall: row.mall_id, outcome: row.outcome }, Number(row.count));
      },
    });
    new Gauge({
      name: 'mallcare_callback_satisfaction_ratio',
      help: 'Satisfaction rate per mall: (very satisfied + satisfied) / rated callbacks (DOMAIN §8)',
      labelNames: ['mall'],
      registers: [registry],
      async collect() {
        const rows = await callbacks.satisfactionByMall();
        this.reset();
        for (const row of rows) this.set({ mall: row.mall_id }, Number(row.ratio));
      },
    });
  }
}
