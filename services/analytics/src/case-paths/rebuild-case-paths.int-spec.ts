import { EVENT_CATALOGUE, PRODUCING_SERVICES, schemaOf, type ComplaintEvent, type ProducingService } from '@mallcare/contracts';
import { createServiceDataSource, LOG_START, migrateServiceSchema, PostgresEventStore } from '@mallcare/event-store';
import { SAMPLE_GROUP_POLICY } from '@mallcare/policy';
import { createTestDatabase, type TestDatabase } from '@mallcare/testing';
import type { DataSource } from 'typeorm';
import { analyticsMigrations } from '../migrations/analytics.migrations';
import { after, CaseLog } from '../figures/test-support/case-events.fixture';
import { applyToCasePath } from './case-path.writer';
import { rebuildCasePaths, type RebuildProgress } from './rebuild-case-paths';

/**
 * The streaming rebuild against real PostgreSQL logs: it reads the four producers' logs in complaint
 * order a page at a time, so a case's events are split across pages (and across the logs) when pages
 * are tiny. Whatever the page size, the rows must be those live consumption writes, event by event.
 */

const PRODUCERS = PRODUCING_SERVICES.filter((service) => service !== 'analytics');
const STREAM_PREFIX: Record<ProducingService, string> = { intake: 'complaint', routing: 'case', 'sla-monitor': 'sla', callback: 'callback', analytics: 'analytics' };

/** Cases of every shape the fold knows: open, resolved, closed, reopened, unreachable, inquiries, breached clocks; two malls, two months. */
const seedCases = (): CaseLog[] => {
  const cases: CaseLog[] = [];
  for (let index = 0; index < 24; index++) {
    const mallId = index % 3 === 0 ? 'SH02' : 'SH01';
    const receivedAt = `2026-${index % 4 === 0 ? '09' : '10'}-${String(1 + (index % 27)).padStart(2, '0')}T0${index % 9}:20:00.000Z`;
    const log = new CaseLog(mallId);
    const at = (minutes: number): string => after(receivedAt, minutes);
    switch (index % 6) {
      case 0:
        log.happyPath(receivedAt, { resolveAfterHours: 3 + index });
        break;
      case 1:
        log.registered(receivedAt, 'inquiry').inquiryAnswered(at(2));
        break;
      case 2:
        log.registered(receivedAt).clockStarted('forward-to-responsible', receivedAt, at(10)).clockBreached('forward-to-responsible', at(10), at(11)).routed(at(15)).assigned(at(16));
        break;
      case 3:
        log.happyPath(receivedAt, { satisfaction: 'dissatisfied' }).reopened(at(1_500)).resolved(at(2_000)).attempt(at(2_100), 1, true).outcome(at(2_100), 'satisfied').closed(at(2_100), 'satisfied', 'satisfied');
        break;
      case 4:
        log.registered(receivedAt).routed(at(5)).assigned(at(6)).verified(at(30)).classifiedNonResponsible(at(31)).resolved(at(300));
        log.attempt(at(400), 1, false).attempt(at(460), 2, false).attempt(at(520), 3, false).unreachable(at(520)).closed(at(520), 'unreachable');
        break;
      default:
        log.registered(receivedAt).clockStarted('forward-to-responsible', receivedAt, at(10)).clockPaused('forward-to-responsible', at(3));
    }
    cases.push(log);
  }
  return cases;
};

describe('rebuildCasePaths (streaming, in complaint order)', () => {
  let database: TestDatabase;
  let analytics: DataSource;
  const stores = new Map<ProducingService, { dataSource: DataSource; store: PostgresEventStore }>();
  const cases = seedCases();

  const casePaths = (): Promise<unknown[]> =>
    analytics.query(
      `SELECT complaint_id, mall_id, month, week, kind, category, channel, owning_department_id, handling_department_id, severity, handler_staff_id,
              received_at, resolved, closed, state, record FROM analytics.case_paths ORDER BY complaint_id`,
    );
  /** The table's definition: columns (with their generation), indexes and storage options. */
  const tableShape = async (): Promise<unknown> =>
    (
      await analytics.query(
        `SELECT (SELECT json_agg(json_build_array(column_name, data_type, is_nullable, column_default, generation_expression) ORDER BY ordinal_position)
                   FROM information_schema.columns WHERE table_schema = 'analytics' AND table_name = 'case_paths') AS columns,
                (SELECT json_agg(indexdef ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'analytics' AND tablename = 'case_paths') AS indexes,
                (SELECT reloptions FROM pg_class WHERE oid = 'analytics.case_paths'::regclass) AS options`,
      )
    )[0];
  let migratedShape: unknown;
  const figures = (): Promise<unknown[]> => analytics.query(`SELECT mall_id, month, figures, details FROM analytics.mall_month_figures ORDER BY mall_id, month`);

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const service of PRODUCERS) {
      const dataSource = createServiceDataSource({ url: database.url, schema: schemaOf(service), poolSize: 2 });
      await dataSource.initialize();
      await migrateServiceSchema(dataSource, schemaOf(service));
      stores.set(service, { dataSource, store: new PostgresEventStore(dataSource, service, schemaOf(service)) });
    }
    analytics = createServiceDataSource({ url: database.url, schema: 'analytics', poolSize: 4, migrations: analyticsMigrations });
    await analytics.initialize();
    await migrateServiceSchema(analytics, 'analytics');
    migratedShape = await tableShape();
    // The cases interleaved as a live month writes them: each case's events in its order, one case's next event after another's.
    const longest = Math.max(...cases.map((log) => log.events.length));
    for (let step = 0; step < longest; step++) {
      for (const log of cases) {
        const event = log.events[step];
        if (!event) continue;
        const producer = EVENT_CATALOGUE[event.type].producer as ProducingService;
        await stores.get(producer)?.store.append(
          `${STREAM_PREFIX[producer]}-${log.complaintId}`,
          [{ type: event.type, data: event.data, occurredAt: event.metadata.occurredAt } as never],
          { complaintId: log.complaintId, mallId: log.mallId, actor: { type: 'system', id: 'it' }, correlationId: log.complaintId, causationId: null },
          'any',
        );
      }
    }
  });

  afterAll(async () => {
    await analytics?.destroy();
    for (const { dataSource } of stores.values()) await dataSource.destroy();
    await database?.drop();
  });

  it('writes the rows live consumption writes, whether pages split the cases or not', async () => {
    // Live: each log in log order, the logs taken in turn event by event, through the projection's writer.
    const logs: ComplaintEvent[][] = [];
    for (const service of PRODUCERS) logs.push((await (stores.get(service) as { store: PostgresEventStore }).store.readAll(LOG_START, 10_000)).map((stored) => stored.event));
    const perLog = logs.map((events) => {
      const counts = new Map<string, number>();
      for (const event of events) counts.set(event.metadata.complaintId, (counts.get(event.metadata.complaintId) ?? 0) + 1);
      return Math.max(...counts.values());
    });
    // Pages of 2 events must cut cases in two: some case has more than 2 events in one log.
    expect(Math.max(...perLog)).toBeGreaterThan(2);
    await analytics.transaction(async (manager) => {
      for (let index = 0; index < Math.max(...logs.map((events) => events.length)); index++) {
        for (const events of logs) if (events[index]) await applyToCasePath(manager, events[index], SAMPLE_GROUP_POLICY);
      }
    });
    const live = await casePaths();
    expect(live).toHaveLength(cases.length);

    const progress: RebuildProgress[] = [];
    const tiny = await rebuildCasePaths(analytics, { policy: SAMPLE_GROUP_POLICY, sources: PRODUCERS, pageSize: 2, progressEveryMs: 0, onProgress: (step) => progress.push(step) });
    const folded = logs.reduce((sum, events) => sum + events.length, 0);
    expect(tiny).toMatchObject({ events: folded, cases: cases.length });
    expect(await casePaths()).toEqual(live);
    const tinyFigures = await figures();
    expect(tinyFigures.map((row) => (row as { month: string }).month).sort()).toEqual(['2026-09', '2026-09', '2026-10', '2026-10']);

    // Progress said on the way: events done of the total, the total known from the start.
    const folding = progress.filter((step) => step.phase === 'folding');
    expect(folding.length).toBeGreaterThan(1);
    expect(folding.every((step) => step.eventsTotal === folded && step.eventsDone <= folded)).toBe(true);
    expect(folding.map((step) => step.eventsDone)).toEqual([...folding.map((step) => step.eventsDone)].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toMatchObject({ phase: 'done', eventsDone: folded, eventsTotal: folded });

    const whole = await rebuildCasePaths(analytics, { policy: SAMPLE_GROUP_POLICY, sources: PRODUCERS });
    expect(whole).toMatchObject({ events: folded, cases: cases.length });
    expect(await casePaths()).toEqual(live);
    expect(await figures()).toEqual(tinyFigures);
    // The rebuilt table is the one the migrations made, down to the partial indexes' predicate and the fillfactor.
    expect(await tableShape()).toEqual(migratedShape);
    expect(JSON.stringify(migratedShape)).toContain('WHERE counted');
  });

  it('a later event changes the rebuilt row as it changes the live one (pages of 3)', async () => {
    const before = await casePaths();
    // An open case of the seed gets resolved (live through the writer); the rebuild starts from position zero again.
    const open = cases[5];
    const resolution = new CaseLog(open.mallId);
    resolution.registered('2026-10-06T05:20:00.000Z').resolved('2026-10-06T09:00:00.000Z');
    const resolved = resolution.events[1];
    await stores.get('routing')?.store.append(
      `case-${open.complaintId}`,
      [{ type: resolved.type, data: resolved.data, occurredAt: resolved.metadata.occurredAt } as never],
      { complaintId: open.complaintId, mallId: open.mallId, actor: { type: 'system', id: 'it' }, correlationId: open.complaintId, causationId: null },
      'any',
    );
    const writes = await analytics.transaction(async (manager) => {
      const [event] = (await (stores.get('routing') as { store: PostgresEventStore }).store.readComplaint(open.complaintId)).slice(-1);
      await applyToCasePath(manager, event, SAMPLE_GROUP_POLICY);
      const [counts]: { updated: string; hot: string }[] = await manager.query(
        `SELECT pg_stat_get_xact_tuples_updated(oid)::text AS updated, pg_stat_get_xact_tuples_hot_updated(oid)::text AS hot FROM pg_class WHERE oid = 'analytics.case_paths'::regclass`,
      );
      return counts;
    });
    // The record changed, the indexed columns did not: the row changes in place on its page, no index gets a new entry.
    expect(Number(writes.updated)).toBeGreaterThan(0);
    expect(writes.hot).toBe(writes.updated);
    const live = await casePaths();
    expect(live).not.toEqual(before);
    await rebuildCasePaths(analytics, { policy: SAMPLE_GROUP_POLICY, sources: PRODUCERS, pageSize: 3 });
    expect(await casePaths()).toEqual(live);
  });
});
