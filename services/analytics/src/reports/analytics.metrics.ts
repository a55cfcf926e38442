import { Inject, Injectable } from '@nestjs/common';
import { Clock, PolicyStore } from '@mallcare/platform';
import { Gauge, Registry } from 'prom-client';
import { reportingPeriodsOf } from '../figures/reporting-period';
import { MallMonthFiguresRepository } from './mall-month-figures.repository';
import type { MallMonthFigures } from './mall-month-summary';

/** The rates of the gauges: label `figure` → the report figure it reads. */
const GAUGED_RATES = {
  handling: 'handlingRate',
  timeliness: 'timelinessRate',
  callback: 'callbackRate',
  satisfaction: 'satisfactionRate',
  closure: 'closureRate',
  completeness: 'dataCompleteness',
  response_24h: 'responseWithin24h',
} as const;

/**
 * Live rates per mall for the SRE dashboards: the current month's cached figures (kept fresh by the
 * refresher), read at each scrape so every instance reports the same. A rate without cases is absent.
 */
@Injectable()
export class AnalyticsMetrics {
  constructor(@Inject(Registry) registry: Registry, figures: MallMonthFiguresRepository, policies: PolicyStore, clock: Clock) {
    const currentMonth = async (): Promise<{ mall_id: string; figures: MallMonthFigures }[]> => {
      const policy = policies.current();
      const months = [...new Set([policy.timeZone, ...policy.malls.map((mall) => mall.timeZone)].map((zone) => reportingPeriodsOf(clock.now().toISOString(), zone).month))];
      const rows = await figures.storedFiguresOf(months);
      const monthOf = (mallId: string): string =>
        reportingPeriodsOf(clock.now().toISOString(), policy.malls.find((mall) => mall.id === mallId)?.timeZone ?? policy.timeZone).month;
      return rows.filter((row) => row.month === monthOf(row.mall_id));
    };
    new Gauge({
      name: 'mallcare_analytics_rate_ratio',
      help: 'Rates of the current month per mall (DOMAIN §9): handling, timeliness, callback, satisfaction, closure, completeness, response_24h',
      labelNames: ['mall', 'figure'],
      registers: [registry],
      async collect() {
        const rows = await currentMonth();
        this.reset();
        for (const row of rows) {
          for (const [figure, key] of Object.entries(GAUGED_RATES)) {
            const rate = row.figures.figures[key].rate;
            if (rate !== null) this.set({ mall: row.mall_id, figure }, rate);
          }
        }
      },
    });
    new Gauge({
      name: 'mallcare_analytics_cases_received',
      help: 'Cases received this month per mall (month of receivedAt in the mall time zone)',
      labelNames: ['mall'],
      registers: [registry],
      async collect() {
        const rows = await currentMonth();
        this.reset();
        for (const row of rows) this.set({ mall: row.mall_id }, row.figures.figures.received);
      },
    });
  }
}
