import { EVENT_CATALOGUE, PRODUCING_SERVICES, type ComplaintEvent, type ProducingService } from '@mallcare/contracts';
import { PostgresEventStore } from '@mallcare/event-store';
import { SAMPLE_GROUP_POLICY } from '@mallcare/policy';
import { ServiceUnderTest } from '@mallcare/service-testing';
import { describeWithKafka, until } from '@mallcare/testing';
import type { DataSource } from 'typeorm';
import { analyticsService } from '../analytics.service-definition';
import { applyToCasePath } from '../case-paths/case-path.writer';
import { FOLDED_EVENT_TYPES } from '../figures/case-path.fold';
import { after, CaseLog } from '../figures/test-support/case-events.fixture';
import type { CaseDetailPage, HqRollup, MallMonthlyReport } from './report.types';
import { MallMonthFiguresService } from './mall-month-figures.service';
import { ReportsService } from './reports.service';

/**
 * Analytics as it runs (its Nest app, its schema, the real transport), fed by the four producers'
 * PostgreSQL logs: the test appends each case's events to intake's, routing's, sla-monitor's and
 * callback's stores in the order the services would, then checks the reports against figures it
 * computes itself from the cases it made.
 */

type Path = 'open' | 'resolved' | 'closed' | 'reopened-closed' | 'reopened-open' | 'unreachable' | 'inquiry';

interface SeededCase {
  log: CaseLog;
  mallId: string;
  receivedAt: string;
  path: Path;
  satisfaction: 'very-satisfied' | 'satisfied' | 'neutral' | 'dissatisfied' | null;
  resolveMinutes: number | null;
  forwardOnTime: boolean | null;
}

const STREAM_PREFIX: Record<ProducingService, string> = { intake: 'complaint', routing: 'case', 'sla-monitor': 'sla', callback: 'callback', analytics: 'analytics' };
const PATHS: Path[] = ['closed', 'closed', 'open', 'resolved', 'reopened-closed', 'unreachable', 'inquiry', 'reopened-open', 'closed'];

/** A case of `path`, received at `receivedAt` (Shanghai malls). */
const seedCase = (index: number, mallId: string, receivedAt: string, path: Path): SeededCase => {
  const log = new CaseLog(mallId);
  const minutes = (value: number): string => after(receivedAt, value);
  if (path === 'inquiry') {
    log.registered(receivedAt, 'inquiry').inquiryAnswered(minutes(3));
    return { log, mallId, receivedAt, path, satisfaction: null, resolveMinutes: null, forwardOnTime: null };
  }
  const forwardOnTime = index % 4 !== 0;
  const forwardAfter = forwardOnTime ? 5 : 15;
  log
    .registered(receivedAt)
    .clockStarted('forward-to-responsible', receivedAt, minutes(10))
    .routed(minutes(forwardAfter))
    .clockMet('forward-to-responsible', minutes(forwardAfter), forwardOnTime)
    .assigned(minutes(forwardAfter + 1), `${mallId.toLowerCase()}-handler-${index % 3}`);
  if (path === 'open') return { log, mallId, receivedAt, path, satisfaction: null, resolveMinutes: null, forwardOnTime };
  const resolveAfter = 60 * (2 + (index % 7));
  log.progress(minutes(30)).verified(minutes(40)).classifiedGeneral(minutes(41)).resolved(minutes(resolveAfter));
  const callbackAt = resolveAfter + 120;
  switch (path) {
    case 'resolved':
      return { log, mallId, receivedAt, path, satisfaction: null, resolveMinutes: resolveAfter, forwardOnTime };
    case 'closed': {
      const satisfaction = index % 2 === 0 ? 'very-satisfied' : 'satisfied';
      log.attempt(minutes(callbackAt), 1, true).outcome(minutes(callbackAt), satisfaction, `好评 ${index}`).closed(minutes(callbackAt), 'satisfied', satisfaction);
      return { log, mallId, receivedAt, path, satisfaction, resolveMinutes: resolveAfter, forwardOnTime };
    }
    case 'unreachable':
      log.attempt(minutes(callbackAt), 1, false).attempt(minutes(callbackAt + 60), 2, false).attempt(minutes(callbackAt + 120), 3, false);
      log.unreachable(minutes(callbackAt + 120)).closed(minutes(callbackAt + 120), 'unreachable');
      return { log, mallId, receivedAt, path, satisfaction: null, resolveMinutes: resolveAfter, forwardOnTime };
    case 'reopened-open':
      log.attempt(minutes(callbackAt), 1, true).outcome(minutes(callbackAt), 'dissatisfied', '没解决').reopened(minutes(callbackAt + 1));
      return { log, mallId, receivedAt, path, satisfaction: 'dissatisfied', resolveMinutes: null, forwardOnTime };
    case 'reopened-closed': {
      const final = callbackAt + 600;
      log.attempt(minutes(callbackAt), 1, true).outcome(minutes(callbackAt), 'neutral', '一般').reopened(minutes(callbackAt + 1)).resolved(minutes(final));
      log.attempt(minutes(final + 60), 1, true).outcome(minutes(final + 60), 'satisfied', '这次好了').closed(minutes(final + 60), 'satisfied', 'satisfied');
      return { log, mallId, receivedAt, path, satisfaction: 'satisfied', resolveMinutes: final, forwardOnTime };
    }
    default:
      throw new Error(`no path ${path}`);
  }
};

/** October 2026 in Shanghai for SH01 and SH02, a case received 23:30 on 31 October resolved in November, and a few September cases. */
const seedMonth = (): SeededCase[] => {
  const cases: SeededCase[] = [];
  for (let index = 0; index < 36; index++) {
    const mallId = index % 3 === 0 ? 'SH02' : 'SH01';
    const day = String(1 + (index % 28)).padStart(2, '0');
    cases.push(seedCase(index, mallId, `2026-10-${day}T0${index % 9}:15:00.000Z`, PATHS[index % PATHS.length]));
  }
  cases.push(seedCase(100, 'SH01', '2026-10-31T15:30:00.000Z', 'closed'));
  cases.push(seedCase(101, 'SH01', '2026-09-30T15:59:00.000Z', 'closed')); // 23:59 on 30 September in Shanghai
  for (let index = 0; index < 4; index++) cases.push(seedCase(200 + index, 'SH01', `2026-09-1${index}T02:00:00.000Z`, PATHS[index]));
  cases.push(seedCase(300, 'SH01', new Date(Date.now() - 60_000).toISOString(), 'closed')); // this month: the /metrics gauges
  cases.push(...seedPowerCut());
  return cases;
};

const POWER_CUT_RECEIVED = '2026-06-10T02:00:00.000Z';

/**
 * June 2026 at SH01: five tenants' power cut by four channels, the earliest by phone, and the
 * collective case intake raised half an hour later, handled and closed. One matter: counts once.
 */
const seedPowerCut = (): SeededCase[] => {
  const channels = ['walk-in', 'phone', 'wechat', 'walk-in', 'email'] as const;
  const times = [after(POWER_CUT_RECEIVED, 5), POWER_CUT_RECEIVED, after(POWER_CUT_RECEIVED, 10), after(POWER_CUT_RECEIVED, 20), after(POWER_CUT_RECEIVED, 30)];
  const members = channels.map((channel, index) =>
    new CaseLog('SH01').registered(times[index], 'complaint', { channel, category: 'engineering-equipment', complainantType: 'street-shop-tenant' }),
  );
  const collective = new CaseLog('SH01').collectiveRaised(POWER_CUT_RECEIVED, members, after(POWER_CUT_RECEIVED, 30));
  for (const member of members) member.joinedCollective(after(POWER_CUT_RECEIVED, 30), collective);
  collective
    .routed(after(POWER_CUT_RECEIVED, 31), 'engineering')
    .assigned(after(POWER_CUT_RECEIVED, 32), 'sh01-handler-1', 'engineering')
    .resolved(after(POWER_CUT_RECEIVED, 120))
    .attempt(after(POWER_CUT_RECEIVED, 180), 1, true)
    .outcome(after(POWER_CUT_RECEIVED, 180), 'satisfied')
    .closed(after(POWER_CUT_RECEIVED, 180), 'satisfied', 'satisfied');
  const seeded = (log: CaseLog, receivedAt: string, path: Path): SeededCase => ({ log, mallId: 'SH01', receivedAt, path, satisfaction: null, resolveMinutes: null, forwardOnTime: null });
  return [...members.map((member, index) => seeded(member, times[index], 'open')), seeded(collective, POWER_CUT_RECEIVED, 'closed')];
};

/** The figures of a mall-month computed straight from the cases the test made (not through the fold). */
const expectedFigures = (cases: SeededCase[], mallId: string, month: string) => {
  const localMonth = (instant: string): string => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 7);
  const mine = cases.filter((seeded) => seeded.mallId === mallId && localMonth(seeded.receivedAt) === month);
  const resolved = mine.filter((seeded) => ['resolved', 'closed', 'reopened-closed', 'unreachable', 'inquiry'].includes(seeded.path));
  const closed = mine.filter((seeded) => ['closed', 'reopened-closed', 'unreachable', 'inquiry'].includes(seeded.path));
  const resolvedComplaints = resolved.filter((seeded) => seeded.path !== 'inquiry');
  const calledBack = resolvedComplaints.filter((seeded) => ['closed', 'reopened-closed', 'unreachable'].includes(seeded.path));
  const rated = mine.filter((seeded) => seeded.satisfaction !== null);
  const satisfied = rated.filter((seeded) => seeded.satisfaction === 'satisfied' || seeded.satisfaction === 'very-satisfied');
  const clocked = mine.filter((seeded) => seeded.forwardOnTime !== null);
  const resolveMinutes = resolvedComplaints.map((seeded) => seeded.resolveMinutes ?? 0);
  return {
    received: mine.length,
    handlingRate: { numerator: resolved.length, denominator: mine.length },
    closureRate: { numerator: closed.length, denominator: mine.length },
    callbackRate: { numerator: calledBack.length, denominator: resolvedComplaints.length },
    satisfactionRate: { numerator: satisfied.length, denominator: rated.length },
    timelinessRate: { numerator: clocked.filter((seeded) => seeded.forwardOnTime).length, denominator: clocked.length },
    averageResolveMinutes: resolveMinutes.reduce((sum, value) => sum + value, 0) / resolveMinutes.length,
    byChannel: mine.length,
  };
};

/** analytics fed by every other producer's log. */
class AnalyticsUnderTest extends ServiceUnderTest {
  constructor(brokers: string[] = []) {
    super({ definition: analyticsService, upstream: PRODUCING_SERVICES.filter((name) => name !== 'analytics'), brokers, postStatus: 200 });
  }

  /** The test's database, for reading analytics' tables and writing a producer's rows by hand. */
  get dataSource(): DataSource {
    return this.log('intake').dataSource;
  }

  /** Appends each event to its producer's store, in the case's order (the record times follow causality, as live). */
  async seed(cases: SeededCase[]): Promise<number> {
    let folded = 0;
    for (const seeded of cases) {
      for (const event of seeded.log.events) {
        const producer = EVENT_CATALOGUE[event.type].producer as ProducingService;
        await this.append(producer, `${STREAM_PREFIX[producer]}-${seeded.log.complaintId}`, [{ type: event.type, data: event.data, occurredAt: event.metadata.occurredAt } as never], {
          complaintId: seeded.log.complaintId,
          mallId: seeded.mallId,
          actor: { type: 'system', id: 'it' },
        });
        if ((FOLDED_EVENT_TYPES as readonly string[]).includes(event.type)) folded++;
      }
    }
    return folded;
  }

  async caughtUp(expected: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let handled = 0;
    while (Date.now() < deadline) {
      const [row]: { handled: string }[] = await this.dataSource.query(`SELECT count(*)::text AS handled FROM analytics.inbox`);
      handled = Number(row.handled);
      if (handled >= expected) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`analytics handled ${handled} of ${expected} events in ${timeoutMs / 1000}s`);
  }

  async casePaths(): Promise<{ complaint_id: string; month: string | null; state: unknown; record: unknown }[]> {
    return this.dataSource.query(`SELECT complaint_id, month, state, record FROM analytics.case_paths ORDER BY complaint_id`);
  }
}

const scenario = (analytics: AnalyticsUnderTest) => {
  const cases = seedMonth();

  beforeAll(async () => {
    const folded = await analytics.seed(cases);
    await analytics.caughtUp(folded);
  });

  it('reports a mall month whose figures equal those computed from the cases themselves', async () => {
    const report = await analytics.json<MallMonthlyReport>('sh01-gm', 'GET', '/analytics/malls/SH01/reports/monthly?month=2026-10');
    const expected = expectedFigures(cases, 'SH01', '2026-10');
    expect(report).toMatchObject({ mallId: 'SH01', month: '2026-10', timeZone: 'Asia/Shanghai' });
    expect(report.figures.received).toBe(expected.received);
    expect(report.figures.handlingRate).toMatchObject(expected.handlingRate);
    expect(report.figures.closureRate).toMatchObject(expected.closureRate);
    expect(report.figures.callbackRate).toMatchObject(expected.callbackRate);
    expect(report.figures.satisfactionRate).toMatchObject(expected.satisfactionRate);
    expect(report.figures.timelinessRate).toMatchObject(expected.timelinessRate);
    expect(report.figures.timeToResolve.averageMinutes).toBeCloseTo(expected.averageResolveMinutes, 6);
    expect(report.counts.byChannel.reduce((sum, row) => sum + row.count, 0)).toBe(expected.received);
    expect(report.previousMonth).toMatchObject({ period: '2026-09', figures: { received: expectedFigures(cases, 'SH01', '2026-09').received } });
    expect(report.sameMonthLastYear).toBeNull();
    expect(report.satisfactionComments.length).toBeGreaterThan(0);
    expect(report.footnotes.length).toBeGreaterThan(10);
    expect(report.targets.map((target) => target.id)).toContain('response-within-24h');
    // Warm: served from the cache while no mall-month changed, the same answer.
    expect(await analytics.json<MallMonthlyReport>('sh01-gm', 'GET', '/analytics/malls/SH01/reports/monthly?month=2026-10')).toEqual(report);

    expect((await analytics.request('sh02-gm', 'GET', '/analytics/malls/SH01/reports/monthly?month=2026-10')).status).toBe(403);
    expect((await analytics.request('sh01-gm', 'GET', '/analytics/malls/SH01/reports/monthly?month=2026-13')).status).toBe(400);
    expect((await analytics.request('hq-ops-1', 'GET', '/analytics/malls/ZZ99/reports/monthly?month=2026-10')).status).toBe(404);
  });

  it('stores a mall-month once per mark, however many passes find it marked at once', async () => {
    const figures = analytics.running.get(MallMonthFiguresService);
    const computedAt = async (): Promise<string> =>
      (await analytics.dataSource.query(`SELECT computed_at::text FROM analytics.mall_month_figures WHERE mall_id = 'SH01' AND month = '2026-10'`))[0].computed_at;
    const [{ marked_at: markedAt }]: { marked_at: string }[] = await analytics.dataSource.query(
      `INSERT INTO analytics.mall_month_dirty (mall_id, month, marked_at) VALUES ('SH01', '2026-10', clock_timestamp())
       ON CONFLICT (mall_id, month) DO UPDATE SET marked_at = EXCLUDED.marked_at RETURNING marked_at::text`,
    );
    // A report and the refresher (which may join in too) recomputing for the same mark.
    const stored = await Promise.all([figures.recompute('SH01', '2026-10', markedAt), figures.recompute('SH01', '2026-10', markedAt)]);
    expect(stored.filter(Boolean).length).toBeLessThanOrEqual(1);
    const after = await computedAt();
    expect(await figures.recompute('SH01', '2026-10', markedAt)).toBe(false);
    expect(await computedAt()).toBe(after);
    expect(await analytics.dataSource.query(`SELECT 1 FROM analytics.mall_month_dirty WHERE mall_id = 'SH01' AND month = '2026-10'`)).toEqual([]);
  });

  it('refreshes a mall-month in the background soon after a commit marks it, no report asking', async () => {
    const query = analytics.dataSource.query.bind(analytics.dataSource);
    // Nothing marked, and the refresher's last pass found nothing: only the 30 s safety poll is due.
    await until('no mall-month marked', async () => (await query(`SELECT 1 FROM analytics.mall_month_dirty`)).length === 0, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    // A month no other test reads; the rebuild test counts it among the cases.
    const late = seedCase(99, 'SH01', '2025-01-15T02:00:00.000Z', 'inquiry');
    cases.push(late);
    await analytics.seed([late]);
    await until(
      'SH01 2025-01 refreshed',
      async () => (await query(`SELECT 1 FROM analytics.mall_month_figures WHERE mall_id = 'SH01' AND month = '2025-01'`)).length === 1,
      20_000,
      100,
    );
  });

  it('rolls every mall up for HQ, by month and by quarter, with group totals', async () => {
    const rollup = await analytics.json<HqRollup>('hq-ops-1', 'GET', '/analytics/hq/rollup?month=2026-10');
    const sh01 = expectedFigures(cases, 'SH01', '2026-10');
    const sh02 = expectedFigures(cases, 'SH02', '2026-10');
    expect(rollup.malls.map((mall) => mall.mallId).sort()).toEqual(SAMPLE_GROUP_POLICY.malls.map((mall) => mall.id).sort());
    expect(rollup.malls.find((mall) => mall.mallId === 'SH02')?.figures.received).toBe(sh02.received);
    expect(rollup.groupTotals.figures.received).toBe(sh01.received + sh02.received);
    expect(rollup.groupTotals.figures.closureRate).toMatchObject({
      numerator: sh01.closureRate.numerator + sh02.closureRate.numerator,
      denominator: sh01.received + sh02.received,
    });
    expect(rollup.malls.find((mall) => mall.mallId === 'BJ01')).toMatchObject({ score: null, figures: { received: 0 } });
    const quarter = await analytics.json<HqRollup>('hq-ops-1', 'GET', '/analytics/hq/rollup?quarter=2026-Q3');
    expect(quarter.months).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(quarter.groupTotals.figures.received).toBe(expectedFigures(cases, 'SH01', '2026-09').received);
    expect((await analytics.request('sh01-gm', 'GET', '/analytics/hq/rollup?month=2026-10')).status).toBe(403);
    const mallQuarter = await analytics.json<{ months: string[]; figures: { received: number }; byMonth: { month: string; figures: { received: number } }[] }>(
      'sh01-gm',
      'GET',
      '/analytics/malls/SH01/reports/rollup?quarter=2026-Q4',
    );
    expect(mallQuarter.byMonth.find((row) => row.month === '2026-10')?.figures.received).toBe(expectedFigures(cases, 'SH01', '2026-10').received);
    expect(mallQuarter.figures.received).toBe(mallQuarter.byMonth.reduce((sum, row) => sum + row.figures.received, 0));
    expect((await analytics.request('sh02-gm', 'GET', '/analytics/malls/SH01/reports/rollup?year=2026')).status).toBe(403);
    expect((await analytics.request('hq-ops-1', 'GET', '/analytics/hq/rollup?month=2026-10&year=2026')).status).toBe(400);
  });

  it('lists the detail of a month and a week, one row per case with its path, filtered and paged', async () => {
    const expected = expectedFigures(cases, 'SH01', '2026-10');
    const page = await analytics.json<CaseDetailPage>('sh01-gm', 'GET', '/analytics/malls/SH01/cases?month=2026-10&limit=5');
    expect(page).toMatchObject({ total: expected.received, limit: 5, offset: 0 });
    expect(page.rows).toHaveLength(5);
    expect(page.rows[0].path.map((step) => step.step)).toEqual(['received', 'forwarded', 'assigned', 'first-reply', 'resolved', 'called-back', 'closed']);
    const lastDay = await analytics.json<CaseDetailPage>('sh01-gm', 'GET', '/analytics/malls/SH01/cases?week=2026-W44&limit=200');
    expect(lastDay.rows.map((row) => row.receivedAt)).toContain('2026-10-31T15:30:00.000Z');
    const closed = await analytics.json<CaseDetailPage>('sh01-gm', 'GET', '/analytics/malls/SH01/cases?month=2026-10&closed=true&limit=200');
    expect(closed.total).toBe(expected.closureRate.numerator);
    expect(closed.rows.every((row) => row.status === 'closed')).toBe(true);
    expect((await analytics.request('sh01-gm', 'GET', '/analytics/malls/SH01/cases?month=2026-10&week=2026-W44')).status).toBe(400);

    // The exporters' keyset pages (here 4 rows each, read ahead) give the same rows in the same order as one offset page.
    const all = await analytics.json<CaseDetailPage>('sh01-gm', 'GET', '/analytics/malls/SH01/cases?month=2026-10&limit=200');
    const streamed: string[] = [];
    for await (const row of analytics.running.get(ReportsService).caseDetailRows('SH01', { month: '2026-10' }, {}, 4)) streamed.push(row.complaintId);
    expect(streamed).toEqual(all.rows.map((row) => row.complaintId));
  });

  it('counts a collective complaint once: report, channels, detail rows and their exports, counts (issue 11 item 5)', async () => {
    const report = await analytics.json<MallMonthlyReport>('sh01-gm', 'GET', '/analytics/malls/SH01/reports/monthly?month=2026-06');
    expect(report.figures).toMatchObject({ received: 1, resolved: 1, closed: 1, handlingRate: { numerator: 1, denominator: 1 }, closureRate: { numerator: 1, denominator: 1 } });
    expect(report.counts.byChannel).toEqual([{ key: 'phone', count: 1, share: 1 }]);
    const channels = await analytics.json<{ received: number; channels: { key: string; count: number }[] }>('sh01-gm', 'GET', '/analytics/channels?month=2026-06');
    expect(channels).toMatchObject({ received: 1, channels: [{ key: 'phone', count: 1 }] });
    const detail = await analytics.json<CaseDetailPage>('sh01-gm', 'GET', '/analytics/malls/SH01/cases?month=2026-06&limit=50');
    expect(detail.total).toBe(1);
    expect(detail.rows).toEqual([expect.objectContaining({ collective: true, channel: 'phone', status: 'closed' })]);
    expect((await analytics.json<CaseDetailPage>('sh01-gm', 'GET', '/analytics/malls/SH01/cases?month=2026-06&channel=phone')).total).toBe(1);
    expect((await analytics.json<CaseDetailPage>('sh01-gm', 'GET', '/analytics/malls/SH01/cases?month=2026-06&channel=walk-in')).total).toBe(0);
    const streamed: { channel: string | null }[] = [];
    for await (const row of analytics.running.get(ReportsService).caseDetailRows('SH01', { month: '2026-06' })) streamed.push(row);
    expect(streamed).toEqual([expect.objectContaining({ collective: true, channel: 'phone' })]);
    const counts = await analytics.json<{ byMall: { mallId: string; received: number }[] }>('hq-ops-1', 'GET', '/analytics/counts?mallId=SH01');
    expect(counts.byMall).toEqual([expect.objectContaining({ mallId: 'SH01', received: cases.filter((seeded) => seeded.mallId === 'SH01').length - 5 })]);
  });

  it('scopes /analytics/counts like the reports: a mall’s staff their own mall, HQ every mall (issue 11 item 6)', async () => {
    type Counts = { byMall: { mallId: string }[]; byDepartment: { mallId: string }[] };
    const malls = (counts: Counts): string[] => [...new Set([...counts.byMall, ...counts.byDepartment].map((row) => row.mallId))].sort();
    expect((await analytics.request('sh01-desk-1', 'GET', '/analytics/counts?mallId=SH02')).status).toBe(403);
    expect(malls(await analytics.json<Counts>('sh01-desk-1', 'GET', '/analytics/counts'))).toEqual(['SH01']);
    expect(malls(await analytics.json<Counts>('sh01-desk-1', 'GET', '/analytics/counts?mallId=SH01'))).toEqual(['SH01']);
    expect(malls(await analytics.json<Counts>('sh02-gm', 'GET', '/analytics/counts'))).toEqual(['SH02']);
    expect(malls(await analytics.json<Counts>('hq-ops-1', 'GET', '/analytics/counts'))).toEqual(['SH01', 'SH02']);
    expect(malls(await analytics.json<Counts>('hq-ops-1', 'GET', '/analytics/counts?mallId=SH02'))).toEqual(['SH02']);
    expect((await fetch(`${analytics.baseUrl}/analytics/counts`)).status).toBe(401);
  });

  it('gives handler and department performance, the quarterly ranking and channel usage', async () => {
    const performance = await analytics.json<{ handlers: { staffId: string; cases: number }[]; departments: { departmentId: string; cases: number }[] }>(
      'sh01-gm',
      'GET',
      '/analytics/malls/SH01/performance?month=2026-10',
    );
    const handled = cases.filter((seeded) => seeded.mallId === 'SH01' && seeded.receivedAt.startsWith('2026-10'));
    expect(performance.handlers.map((handler) => handler.staffId)).toEqual(['sh01-handler-1', 'sh01-handler-2']);
    expect(performance.handlers.reduce((sum, handler) => sum + handler.cases, 0)).toBe(handled.length);
    expect(performance.departments.map((department) => department.departmentId)).toEqual(['operations']);
    const ranking = await analytics.json<{ handlers: { rank: number }[] }>('hq-ops-1', 'GET', '/analytics/performance/ranking?quarter=2026-Q4');
    expect(ranking.handlers[0].rank).toBe(1);
    const channels = await analytics.json<{ received: number; channels: { key: string; count: number }[] }>('sh01-gm', 'GET', '/analytics/channels?month=2026-10');
    expect(channels).toMatchObject({ received: expectedFigures(cases, 'SH01', '2026-10').received, channels: [{ key: 'phone' }] });
  });

  it('shows the current month’s rates per mall as gauges on /metrics', async () => {
    const received = /mallcare_analytics_cases_received\{[^}]*mall="SH01"[^}]*\} 1\b/;
    const deadline = Date.now() + 20_000;
    let text = '';
    while (Date.now() < deadline) {
      text = await (await fetch(`${analytics.baseUrl}/metrics`)).text();
      if (received.test(text)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(text).toMatch(/mallcare_analytics_rate_ratio\{[^}]*figure="handling"/);
    expect(text).toMatch(received);
  });

  it('keeps a case library of resolved cases marked as examples, searchable by category and words', async () => {
    const closed = cases.find((seeded) => seeded.mallId === 'SH01' && seeded.path === 'closed') as SeededCase;
    const open = cases.find((seeded) => seeded.mallId === 'SH01' && seeded.path === 'open') as SeededCase;
    const other = cases.find((seeded) => seeded.mallId === 'SH02' && seeded.path === 'closed') as SeededCase;
    const entry = await analytics.json<{ complaintId: string; note: string; markedBy: string; category: string }>(
      'sh01-gm',
      'POST',
      '/analytics/case-library',
      { complaintId: closed.log.complaintId, note: '当场道歉并补偿，顾客满意' },
      201,
    );
    expect(entry).toMatchObject({ complaintId: closed.log.complaintId, markedBy: 'sh01-gm', category: 'service-attitude' });
    expect((await analytics.request('sh01-gm', 'POST', '/analytics/case-library', { complaintId: open.log.complaintId, note: '还没解决' })).status).toBe(422);
    expect((await analytics.request('sh01-gm', 'POST', '/analytics/case-library', { complaintId: other.log.complaintId, note: '别的商场' })).status).toBe(404);
    expect((await analytics.request('sh01-gm', 'POST', '/analytics/case-library', { complaintId: 'not-a-uuid', note: '' })).status).toBe(400);
    const found = await analytics.json<{ items: { complaintId: string }[]; total: number }>('hq-ops-1', 'GET', '/analytics/case-library?category=service-attitude&q=道歉');
    expect(found.items.map((item) => item.complaintId)).toEqual([closed.log.complaintId]);
    expect((await analytics.json<{ total: number }>('sh02-gm', 'GET', '/analytics/case-library')).total).toBe(0);
    const events: { event_type: string; complaint_id: string }[] = await analytics.dataSource.query(`SELECT event_type, complaint_id FROM analytics.events WHERE event_type = 'CaseMarkedAsExample'`);
    expect(events).toEqual([{ event_type: 'CaseMarkedAsExample', complaint_id: closed.log.complaintId }]);
  });

  it('rebuilds from position zero to the same rows and figures as live, and a replayed event changes nothing', async () => {
    const live = await analytics.casePaths();
    const liveReport = await analytics.json<MallMonthlyReport>('sh01-gm', 'GET', '/analytics/malls/SH01/reports/monthly?month=2026-10');
    const result = await analytics.json<{ events: number; cases: number }>('hq-admin', 'POST', '/analytics/admin/rebuild');
    expect(result.cases).toBe(cases.length);
    const rebuilt = await analytics.casePaths();
    expect(rebuilt).toEqual(live);
    const rebuiltReport = await analytics.json<MallMonthlyReport>('sh01-gm', 'GET', '/analytics/malls/SH01/reports/monthly?month=2026-10');
    expect(rebuiltReport.figures).toEqual(liveReport.figures);
    expect((await analytics.request('hq-ops-1', 'POST', '/analytics/admin/rebuild')).status).toBe(403);

    const replayed = cases[4].log.events as ComplaintEvent[];
    const stored = await analytics.dataSource.query(`SELECT event_id FROM routing.events WHERE complaint_id = $1`, [cases[4].log.complaintId]);
    expect(stored.length).toBeGreaterThan(0);
    const routingEvents = await new PostgresEventStore(analytics.dataSource, 'routing', 'routing').readComplaint(cases[4].log.complaintId);
    await analytics.dataSource.transaction(async (manager) => {
      for (const event of routingEvents) await applyToCasePath(manager, event, SAMPLE_GROUP_POLICY);
    });
    expect(replayed.length).toBeGreaterThan(0);
    expect(await analytics.casePaths()).toEqual(live);
  });
};

describe('analytics reports over the embedded transport', () => {
  const analytics = new AnalyticsUnderTest();
  beforeAll(() => analytics.start());
  afterAll(() => analytics.stop());
  scenario(analytics);
});

describeWithKafka('analytics reports over Kafka', (brokers) => {
  const analytics = new AnalyticsUnderTest(brokers);
  beforeAll(() => analytics.start());
  afterAll(() => analytics.stop());
  scenario(analytics);
});
