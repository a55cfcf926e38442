/**
 * What a chaos or scale-out run checks once the load is over, read from the system's own PostgreSQL:
 * every accepted registration has each downstream effect exactly once, no event caused the same effect
 * twice, the complaint timelines follow each source stream's order, nothing was dead-lettered, and the
 * analytics projection equals a rebuild from position zero.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consumerGroupOf, PRODUCING_SERVICES, SERVICE_NAMES, schemaOf, topicOf } from '@mallcare/contracts';
import { createServiceDataSource } from '@mallcare/event-store';
import type { DataSource } from 'typeorm';
import { deadLettersOf, withKafkaAdmin } from './dead-letters';
import { eventually, freePort, startSystem, withSystemLog, type RunningSystem } from './running-system';

type Row = Record<string, string>;
export type Query = (sql: string, parameters?: unknown[]) => Promise<Row[]>;

const WRITING_SCHEMAS = ['intake', 'routing', 'sla_monitor', 'callback', 'analytics'];

/** The mallcare database of a system `npm start` ran with MALLCARE_DATA=dataDir (its password is kept there). */
export const systemDatabaseUrl = (dataDir: string, pgPort: number): string => {
  const { password } = JSON.parse(readFileSync(join(dataDir, 'embedded-postgres.json'), 'utf8')) as { password: string };
  return `postgres://postgres:${password}@127.0.0.1:${pgPort}/mallcare`;
};

export const openSystemDatabase = async (url: string): Promise<{ db: DataSource; query: Query }> => {
  const db = createServiceDataSource({ url, schema: 'intake', poolSize: 2, applicationName: 'mallcare-test-observer' });
  await db.initialize();
  return { db, query: (sql, parameters) => db.query(sql, parameters) as Promise<Row[]> };
};

/**
 * `npm start` on Kafka (its own embedded PostgreSQL in dataDir, its own namespace) with an observer's
 * connection to its database. The start may take minutes on a busy host: every process compiles the
 * same modules, so V8's compiled code is kept across runs.
 */
export const startKafkaSystem = async (options: {
  dataDir: string;
  portBase: number;
  brokers: string[];
  namespace: string;
  partitions: number;
  env?: Record<string, string>;
}): Promise<{ running: RunningSystem; url: string; db: DataSource; query: Query }> => {
  const pgPort = await freePort();
  const running = await startSystem(
    {
      MALLCARE_DATA: options.dataDir,
      MALLCARE_PG_PORT: String(pgPort),
      MALLCARE_PORT_BASE: String(options.portBase),
      KAFKA_BROKERS: options.brokers.join(','),
      KAFKA_NAMESPACE: options.namespace,
      KAFKA_PARTITIONS: String(options.partitions),
      NODE_COMPILE_CACHE: join(tmpdir(), 'mallcare-e2e-compile-cache'),
      ...options.env,
    },
    240_000,
  );
  const url = systemDatabaseUrl(options.dataDir, pgPort);
  return { running, url, ...(await openSystemDatabase(url)) };
};

/** Events of one type per complaint id. */
export const countsOf = async (query: Query, schema: string, type: string): Promise<Map<string, number>> =>
  new Map((await query(`SELECT complaint_id, count(*) AS n FROM ${schema}.events WHERE event_type = $1 GROUP BY complaint_id`, [type])).map((row) => [row.complaint_id, Number(row.n)]));

/** Waits until every id is routed, its clocks started and its case path projected (or fails naming what is missing). */
export const waitForDownstream = async (query: Query, ids: Set<string>, timeoutMs: number): Promise<void> => {
  let missing = '';
  await eventually(async () => {
    const [routed, clocks, paths] = await Promise.all([
      countsOf(query, 'routing', 'CaseRouted'),
      countsOf(query, 'sla_monitor', 'SlaClockStarted'),
      query(`SELECT complaint_id FROM analytics.case_paths`).then((rows) => new Set(rows.map((row) => row.complaint_id))),
    ]);
    const lacking = [...ids].filter((id) => !routed.has(id) || !clocks.has(id) || !paths.has(id));
    missing = `${lacking.length} of ${ids.size} (e.g. ${lacking.slice(0, 3).join(', ')})`;
    return lacking.length === 0 ? true : undefined;
  }, timeoutMs, 'every accepted registration routed, its clocks started and its case path in analytics').catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; still missing: ${missing}`);
  });
};

export interface EffectsReport {
  /** Per event type that one registration causes once: complaint ids whose count is not 1. */
  notOnce: Record<string, number>;
  /** Events of one type in one stream (for one clock) caused by the same event, per schema. */
  duplicates: Record<string, number>;
  eventsPerType: Record<string, number>;
  /** SlaClockStarted twice for the same clock of a complaint. */
  clocksStartedTwice: number;
  /** Case paths in analytics for ids not accepted, or accepted ids without one. */
  casePathsNotOnce: number;
}

const ONCE_PER_REGISTRATION: [schema: string, type: string][] = [
  ['intake', 'ComplaintRegistered'],
  ['routing', 'CaseOpened'],
  ['routing', 'CaseRouted'],
  ['routing', 'CaseAssigned'],
];

export const effectsOf = async (query: Query, ids: Set<string>): Promise<EffectsReport> => {
  const notOnce: Record<string, number> = {};
  for (const [schema, type] of ONCE_PER_REGISTRATION) {
    const counts = await countsOf(query, schema, type);
    notOnce[type] = [...ids].filter((id) => counts.get(id) !== 1).length + [...counts.keys()].filter((id) => !ids.has(id)).length;
  }
  const duplicates: Record<string, number> = {};
  const eventsPerType: Record<string, number> = {};
  for (const schema of WRITING_SCHEMAS) {
    const [{ n }] = await query(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${schema}.events WHERE metadata->>'causationId' IS NOT NULL
         GROUP BY stream_id, event_type, metadata->>'causationId', data->>'clockId' HAVING count(*) > 1) d`,
    );
    duplicates[schema] = Number(n);
    for (const row of await query(`SELECT event_type, count(*) AS n FROM ${schema}.events GROUP BY event_type`)) eventsPerType[row.event_type] = Number(row.n);
  }
  const [{ n: clocksStartedTwice }] = await query(
    `SELECT count(*) AS n FROM (SELECT 1 FROM sla_monitor.events WHERE event_type = 'SlaClockStarted'
       GROUP BY complaint_id, data->>'clockId' HAVING count(*) > 1) d`,
  );
  const paths = new Map((await query(`SELECT complaint_id, count(*) AS n FROM analytics.case_paths GROUP BY complaint_id`)).map((row) => [row.complaint_id, Number(row.n)]));
  const casePathsNotOnce = [...ids].filter((id) => paths.get(id) !== 1).length + [...paths.keys()].filter((id) => !ids.has(id)).length;
  return { notOnce, duplicates, eventsPerType, clocksStartedTwice: Number(clocksStartedTwice), casePathsNotOnce };
};

/**
 * Per complaint and source stream, the order in which intake's timeline took the events (its arrival
 * sequence) against their positions in the stream: any stream whose positions are not increasing is
 * out of order. Returns how many streams were checked and those out of order.
 */
export const timelinesOutOfOrder = async (query: Query): Promise<{ streams: number; outOfOrder: string[] }> => {
  let streams = 0;
  const outOfOrder: string[] = [];
  for (const service of SERVICE_NAMES.filter((name) => name !== 'analytics')) {
    const rows = await query(
      `SELECT t.complaint_id, e.stream_id, array_to_json(array_agg(e.stream_position ORDER BY t.seq))::text AS positions
         FROM intake.timeline_entries t JOIN ${schemaOf(service)}.events e ON e.event_id = t.event_id
        WHERE t.service = $1 GROUP BY t.complaint_id, e.stream_id`,
      [service],
    );
    for (const row of rows) {
      streams++;
      const positions = JSON.parse(row.positions) as number[];
      if (positions.some((position, at) => at > 0 && position <= positions[at - 1])) outOfOrder.push(`${row.stream_id}: ${row.positions}`);
    }
  }
  return { streams, outOfOrder };
};

/** Every consumer's dead letters (its table, and its topic on Kafka). */
export const deadLettersOfAll = async (url: string, kafka: { brokers: string[]; namespace: string } | null): Promise<Record<string, number>> => {
  const deadLetters: Record<string, number> = {};
  for (const consumer of SERVICE_NAMES) {
    const consumerDb = createServiceDataSource({ url, schema: schemaOf(consumer), poolSize: 1 });
    await consumerDb.initialize();
    try {
      deadLetters[consumer] = await deadLettersOf(consumerDb, consumer, kafka);
    } finally {
      await consumerDb.destroy();
    }
  }
  return deadLetters;
};

const casePaths = (query: Query) => query(`SELECT complaint_id, month, state::text AS state, record::text AS record FROM analytics.case_paths ORDER BY complaint_id`);

/**
 * Rebuilds analytics' case paths from position zero (POST /analytics/admin/rebuild, as a group admin)
 * and compares them with the live projection taken just before: complaint ids whose row differs.
 */
export const analyticsAgainstRebuild = async (query: Query, baseUrl: string, adminBearer: string): Promise<{ cases: number; differing: string[]; example: string }> => {
  const live = await casePaths(query);
  const answer = await fetch(`${baseUrl}/analytics/admin/rebuild`, { method: 'POST', headers: { authorization: adminBearer } });
  if (answer.status !== 200 && answer.status !== 201) throw new Error(`POST /analytics/admin/rebuild: ${answer.status} ${await answer.text()}`);
  const rebuilt = new Map((await casePaths(query)).map((row) => [row.complaint_id, JSON.stringify(row)]));
  const differing = live.filter((row) => rebuilt.get(row.complaint_id) !== JSON.stringify(row)).map((row) => row.complaint_id);
  if (rebuilt.size !== live.length) differing.push(`rows: live ${live.length}, rebuilt ${rebuilt.size}`);
  const first = live.find((row) => row.complaint_id === differing[0]);
  const example = first ? `live ${JSON.stringify(first)}\nrebuilt ${rebuilt.get(first.complaint_id) ?? '(none)'}` : '';
  return { cases: live.length, differing, example };
};

/**
 * Waits until every service's relay has published its whole log (its checkpoint at the log's last
 * event) and every consumer group has committed the end of every topic it reads: a projection read
 * before that may still be behind the logs.
 */
export const waitForConsumersCaughtUp = async (query: Query, kafka: { brokers: string[]; namespace: string }, timeoutMs: number): Promise<void> => {
  let behind = '';
  await eventually(
    () =>
      withKafkaAdmin(kafka.brokers, async (admin) => {
        const lagging: string[] = [];
        for (const source of PRODUCING_SERVICES) {
          const schema = schemaOf(source);
          const [relayed] = await query(
            `SELECT (SELECT (transaction_id::text, global_position::text)::text FROM ${schema}.checkpoints WHERE reader = 'kafka-relay') AS checkpoint,
                    (SELECT (transaction_id::text, global_position::text)::text FROM ${schema}.events ORDER BY transaction_id DESC, global_position DESC LIMIT 1) AS last`,
          );
          if (relayed.last !== null && relayed.checkpoint !== relayed.last) lagging.push(`${source}'s relay at ${relayed.checkpoint} of ${relayed.last}`);
        }
        const ends = new Map<string, Map<number, string>>();
        for (const source of PRODUCING_SERVICES) {
          const topic = topicOf(source, kafka.namespace);
          ends.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, high])));
        }
        for (const consumer of SERVICE_NAMES) {
          const groupId = consumerGroupOf(consumer, kafka.namespace);
          for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics: [...ends.keys()] })) {
            // A topic the group does not read has no offsets at all; one it reads has them once it consumed something.
            if (partitions.every(({ offset }) => offset === '-1')) continue;
            for (const { partition, offset } of partitions) {
              const high = ends.get(topic)?.get(partition) ?? '0';
              if (offset !== high && !(offset === '-1' && high === '0')) lagging.push(`${groupId} ${topic}/${partition} at ${offset} of ${high}`);
            }
          }
        }
        behind = lagging.slice(0, 5).join('; ');
        return lagging.length === 0 ? true : undefined;
      }),
    timeoutMs,
    'every consumer group at the end of the topics it reads',
  ).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; behind: ${behind}`);
  });
};

export interface ExactlyOnceFigures {
  effects: EffectsReport;
  timelines: { streams: number; outOfOrder: string[] };
  deadLetters: Record<string, number>;
  rebuild: { cases: number; differing: string[]; example: string };
}

/** Once every consumer caught up: what a fault run prints and checks (the rebuild asked as the group admin `adminBearer`). */
export const exactlyOnceFigures = async (
  system: { running: RunningSystem; url: string; query: Query },
  kafka: { brokers: string[]; namespace: string },
  ids: Set<string>,
  adminBearer: string,
): Promise<ExactlyOnceFigures> => {
  const { running, url, query } = system;
  const effects = await effectsOf(query, ids);
  const timelines = await timelinesOutOfOrder(query);
  const deadLetters = await deadLettersOfAll(url, kafka);
  const rebuild = await withSystemLog(running, () => analyticsAgainstRebuild(query, running.baseUrl, adminBearer));
  return { effects, timelines, deadLetters, rebuild };
};

/** The figures as printed: counts rather than lists. */
export const exactlyOnceSummary = ({ effects, timelines, deadLetters, rebuild }: ExactlyOnceFigures) => ({
  ...effects,
  timelines: { streams: timelines.streams, outOfOrder: timelines.outOfOrder.length },
  deadLetters,
  rebuild: { cases: rebuild.cases, differing: rebuild.differing.length },
});

/** Every accepted registration's effects exactly once, timelines in order, nothing dead-lettered, analytics equal to a rebuild. */
export const expectExactlyOnce = ({ effects, timelines, deadLetters, rebuild }: ExactlyOnceFigures, ids: Set<string>): void => {
  expect(effects.notOnce).toEqual({ ComplaintRegistered: 0, CaseOpened: 0, CaseRouted: 0, CaseAssigned: 0 });
  expect(effects.duplicates).toEqual({ intake: 0, routing: 0, sla_monitor: 0, callback: 0, analytics: 0 });
  expect(effects.clocksStartedTwice).toBe(0);
  expect(effects.casePathsNotOnce).toBe(0);
  expect(timelines.streams).toBeGreaterThanOrEqual(ids.size * 2);
  expect(timelines.outOfOrder).toEqual([]);
  expect(deadLetters).toEqual(Object.fromEntries(SERVICE_NAMES.map((service) => [service, 0])));
  expect({ differing: rebuild.differing, example: rebuild.example }).toEqual({ differing: [], example: '' });
  expect(rebuild.cases).toBe(ids.size);
};
