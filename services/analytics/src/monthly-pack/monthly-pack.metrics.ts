import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { ReportPackRepository } from './report-pack.repository';

/** What SRE watches of the pack job: files made and failed, and the latest month stored (alert when the 1st passed without it). */
@Injectable()
export class MonthlyPackMetrics {
  readonly produced: Counter<'kind'>;
  readonly failed: Counter<'kind'>;

  constructor(@Inject(Registry) registry: Registry, packs: ReportPackRepository) {
    this.produced = new Counter({ name: 'mallcare_analytics_pack_files_produced_total', help: 'Monthly pack files produced and stored', labelNames: ['kind'], registers: [registry] });
    this.failed = new Counter({ name: 'mallcare_analytics_pack_files_failed_total', help: 'Monthly pack files that could not be produced', labelNames: ['kind'], registers: [registry] });
    new Gauge({
      name: 'mallcare_analytics_packs_latest_month',
      help: 'The latest month with a stored pack, as YYYYMM (0 when none)',
      registers: [registry],
      async collect() {
        const month = await packs.latestMonth();
        this.set(month ? Number(month.replace('-', '')) : 0);
      },
    });
  }
}
