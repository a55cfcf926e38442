import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The SLA dashboard and alert rules query only series sla-monitor declares (test/compose.spec.ts checks the backbone's): its clocks' and its notification delivery's. */
const root = join(__dirname, '../../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const declared = new Map(
  [...(read('services/sla-monitor/src/clocks/sla.metrics.ts') + read('services/sla-monitor/src/delivery/delivery.metrics.ts')).matchAll(/new (Counter|Gauge|Histogram)\(\{\s*name: '([^']+)'[\s\S]*?(?:labelNames: \[([^\]]*)\])?/g)].map(([, kind, name, labels]) => [
    name,
    { kind, labels: [...(labels ?? '').matchAll(/'([^']+)'/g)].map(([, label]) => label) },
  ]),
);
const seriesOf = (expr: string) => [...expr.matchAll(/\bmallcare_(?:sla|notifications?)_[a-z_]+/g)].map(([name]) => name);
const metricOf = (series: string) =>
  declared.has(series) ? series : (['_bucket', '_sum', '_count'].map((suffix) => series.replace(new RegExp(`${suffix}$`), '')).find((name) => declared.get(name)?.kind === 'Histogram') ?? series);

describe('SLA dashboard and alerts', () => {
  const dashboard = JSON.parse(read('deploy/grafana/dashboards/mallcare-sla.json')) as {
    uid: string;
    panels: { id: number; targets: { expr: string }[]; datasource: { uid: string } }[];
    templating: { list: { query: { query: string } }[] };
  };
  const exprs = [...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)), ...dashboard.templating.list.map((variable) => variable.query.query)];

  it('queries only declared sla-monitor metrics, on the provisioned datasource, with unique panel ids', () => {
    const used = exprs.flatMap(seriesOf);
    expect(used.length).toBeGreaterThan(10);
    expect(used.map(metricOf).filter((name) => !declared.has(name))).toEqual([]);
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    expect(dashboard.panels.every((panel) => panel.datasource.uid === 'mallcare-prometheus')).toBe(true);
  });

  it('shows open clocks by state, breaches, escalations, the four times-to and timer lag', () => {
    const used = new Set(exprs.flatMap(seriesOf).map(metricOf));
    for (const name of [
      'mallcare_sla_open_clocks',
      'mallcare_sla_breaches_total',
      'mallcare_sla_escalations_total',
      'mallcare_sla_time_to_forward_seconds',
      'mallcare_sla_time_to_first_reply_seconds',
      'mallcare_sla_time_to_resolve_seconds',
      'mallcare_sla_time_to_callback_seconds',
      'mallcare_sla_timer_lag_seconds',
    ]) {
      expect(used).toContain(name);
    }
  });

  it('alerts on the breach rate and the timer lag with declared metrics', () => {
    const alerts = read('deploy/prometheus/alerts.yml');
    expect(alerts).toContain('alert: MallcareSlaBreachRateHigh');
    expect(alerts).toContain('alert: MallcareSlaTimerLagHigh');
    expect(seriesOf(alerts).map(metricOf).filter((name) => !declared.has(name))).toEqual([]);
  });

  it('shows notifications sent, given up, pending and failed tries by channel, and the decision → channel latency', () => {
    const used = new Set(exprs.flatMap(seriesOf).map(metricOf));
    for (const name of [
      'mallcare_notifications_sent_total',
      'mallcare_notifications_failed_total',
      'mallcare_notifications_pending',
      'mallcare_notification_attempts_failed_total',
      'mallcare_notification_delivery_latency_seconds',
    ]) {
      expect(used).toContain(name);
    }
  });

  it('alerts on a failing channel, on messages given up on and on a backlog, with declared metrics', () => {
    const rules = read('deploy/prometheus/alerts.yml');
    for (const alert of ['MallcareNotificationChannelFailing', 'MallcareNotificationsGivenUp', 'MallcareNotificationsBacklog']) expect(rules).toContain(`alert: ${alert}`);
    const notificationSeries = seriesOf(rules).filter((name) => name.startsWith('mallcare_notification'));
    expect(notificationSeries.length).toBeGreaterThanOrEqual(5);
    expect(notificationSeries.map(metricOf).filter((name) => !declared.has(name))).toEqual([]);
  });
});
