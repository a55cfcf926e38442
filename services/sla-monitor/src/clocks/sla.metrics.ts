import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ClockCasesRepository } from './clock-cases.repository';

const DURATION_BUCKETS = [60, 300, 600, 1800, 3600, 4 * 3600, 8 * 3600, 24 * 3600, 2 * 86_400, 3 * 86_400, 7 * 86_400, 30 * 86_400];

/** The SRE view of the clocks (issue 4): open clocks by state, breaches, escalations, time to each milestone, timer lag. */
@Injectable()
export class SlaMetrics {
  readonly breaches: Counter<'mall_id' | 'kind'>;
  readonly escalations: Counter<'mall_id' | 'rung' | 'reason'>;
  readonly warnings: Counter<'mall_id' | 'kind'>;
  readonly timerLag: Histogram<never>;
  private readonly timeTo: Record<string, Histogram<'mall_id' | 'within_target'>>;

  constructor(@Inject(Registry) registry: Registry, cases: ClockCasesRepository) {
    new Gauge({
      name: 'mallcare_sla_open_clocks',
      help: 'Clocks not yet met, by mall, handling department, kind and state (running, warned, breached, paused)',
      labelNames: ['mall_id', 'department_id', 'kind', 'state'],
      registers: [registry],
      async collect() {
        const rows = await cases.openClocks();
        this.reset();
        for (const row of rows) this.set({ mall_id: row.mall_id, department_id: row.department_id ?? 'none', kind: row.kind, state: row.state }, Number(row.open));
      },
    });
    this.breaches = new Counter({ name: 'mallcare_sla_breaches_total', help: 'Clocks that passed their deadline unmet', labelNames: ['mall_id', 'kind'], registers: [registry] });
    this.escalations = new Counter({
      name: 'mallcare_sla_escalations_total',
      help: 'Escalations (rungs told), by rung and reason (breached, still-breached, notice)',
      labelNames: ['mall_id', 'rung', 'reason'],
      registers: [registry],
    });
    this.warnings = new Counter({ name: 'mallcare_sla_warnings_total', help: 'Holders warned of a nearing deadline', labelNames: ['mall_id', 'kind'], registers: [registry] });
    this.timerLag = new Histogram({
      name: 'mallcare_sla_timer_lag_seconds',
      help: 'How late a due timer fired after its instant',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers: [registry],
    });
    this.timeTo = {
      'forward-to-responsible': new Histogram({
        name: 'mallcare_sla_time_to_forward_seconds',
        help: 'From receipt to the responsible person (forward clock met)',
        labelNames: ['mall_id', 'within_target'],
        buckets: DURATION_BUCKETS,
        registers: [registry],
      }),
      'first-reply': new Histogram({
        name: 'mallcare_sla_time_to_first_reply_seconds',
        help: 'From receipt to the first feedback to the customer',
        labelNames: ['mall_id', 'within_target'],
        buckets: DURATION_BUCKETS,
        registers: [registry],
      }),
      'resolve-general': new Histogram({
        name: 'mallcare_sla_time_to_resolve_seconds',
        help: 'From receipt to resolution',
        labelNames: ['mall_id', 'within_target'],
        buckets: DURATION_BUCKETS,
        registers: [registry],
      }),
      callback: new Histogram({
        name: 'mallcare_sla_time_to_callback_seconds',
        help: 'From resolution to the callback outcome',
        labelNames: ['mall_id', 'within_target'],
        buckets: DURATION_BUCKETS,
        registers: [registry],
      }),
    };
  }

  observeMet(mallId: string, kind: string, seconds: number, withinTarget: boolean): void {
    this.timeTo[kind]?.observe({ mall_id: mallId, within_target: String(withinTarget) }, Math.max(0, seconds));
  }
}
