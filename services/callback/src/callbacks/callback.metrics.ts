import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/** Read from the callback's read models at each scrape, so every instance reports the same figures. HQ samples are not counted. */
@Injectable()
export class CallbackMetrics {
  constructor(@Inject(Registry) registry: Registry, @InjectDataSource() dataSource: DataSource) {
    new Gauge({
      name: 'mallcare_callbacks_due',
      help: 'Callbacks due and not yet overdue, per mall',
      labelNames: ['mall'],
      registers: [registry],
      async collect() {
        const rows: { mall_id: string; count: string }[] = await dataSource.query(
          `SELECT mall_id, count(*) FROM callback.due_callbacks WHERE status = 'due' AND due_at >= now() GROUP BY mall_id`,
        );
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
        const rows: { mall_id: string; count: string }[] = await dataSource.query(
          `SELECT mall_id, count(*) FROM callback.due_callbacks WHERE status = 'due' AND due_at < now() GROUP BY mall_id`,
        );
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
        const rows: { mall_id: string; outcome: string; count: string }[] = await dataSource.query(
          `SELECT mall_id, outcome, count(*) FROM callback.callback_outcomes GROUP BY mall_id, outcome`,
        );
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
        const rows: { mall_id: string; ratio: string }[] = await dataSource.query(
          `SELECT mall_id, avg(CASE WHEN satisfaction IN ('very-satisfied', 'satisfied') THEN 1.0 ELSE 0.0 END) AS ratio
           FROM callback.callback_outcomes WHERE satisfaction IS NOT NULL GROUP BY mall_id`,
        );
        this.reset();
        for (const row of rows) this.set({ mall: row.mall_id }, Number(row.ratio));
      },
    });
  }
}
