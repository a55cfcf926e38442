import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SERVICE_NAMES, schemaOf } from '@mallcare/contracts';
import { createServiceDataSource } from '@mallcare/event-store';
import { kafkaBrokersForTests } from '@mallcare/testing';
import type { DataSource } from 'typeorm';
import { deadLettersOf } from './support/dead-letters';
import { runRegistrationLoad } from './support/registration-load';
import { eventually, startSystem, withSystemLog, type RunningSystem } from './support/running-system';
import { issueToken } from './support/thin-flow';

/**
 * Chaos, after Kafka's transactions_test: a bounded load of registrations with idempotency keys
 * through the gateway of `npm start` (the launcher supervises and restarts what dies), and at ~20 %,
 * ~50 % and ~80 % of it two processes are killed with SIGKILL, every service and the gateway in turn.
 * Then: every accepted registration is in intake's log once and routed once, its clocks started, no
 * event caused the same effect twice, and no consumer dead-lettered anything.
 * `npm run chaos` runs it with CHAOS_REGISTRATIONS=600; `npm test` with the short default.
 * Not yet here (see the report of issue 19): killing the broker and restarting PostgreSQL in this suite.
 */
const REGISTRATIONS = Number(process.env.CHAOS_REGISTRATIONS ?? 90);
const KILL_PLAN: [number, string[]][] = [
  [0.2, ['intake', 'routing']],
  [0.5, ['sla-monitor', 'callback']],
  [0.8, ['analytics', 'gateway']],
];

const pidOf = (log: string, name: string): number => {
  const pids = [...log.matchAll(new RegExp(`started ${name} \\(pid (\\d+)\\)`, 'g'))].map((match) => Number(match[1]));
  if (pids.length === 0) throw new Error(`the launcher did not say it started ${name}`);
  return pids[pids.length - 1];
};

const brokers = kafkaBrokersForTests();
(brokers ? describe : describe.skip)('chaos: SIGKILL of every process in turn under load (Kafka)', () => {
  let dataDir: string;
  let system: RunningSystem | null = null;
  let db: DataSource | null = null;
  const pgPort = 35000 + Math.floor(Math.random() * 5000);
  const namespace = `chaos-${randomUUID().slice(0, 8)}`;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mallcare-chaos-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await system?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every accepted registration exactly once downstream, with nothing dead-lettered', async () => {
    system = await startSystem({
      MALLCARE_DATA: dataDir,
      MALLCARE_PG_PORT: String(pgPort),
      MALLCARE_PORT_BASE: String(21000 + Math.floor(Math.random() * 1300) * 6), // below the ephemeral ports
      KAFKA_BROKERS: (brokers ?? []).join(','),
      KAFKA_NAMESPACE: namespace,
      KAFKA_PARTITIONS: '3',
    });
    const running = system;
    const bearer = `Bearer ${await issueToken(running.baseUrl, 'sh01-desk-1')}`;
    const kills: string[] = [];
    const load = await withSystemLog(running, () =>
      runRegistrationLoad({
        total: REGISTRATIONS,
        concurrency: 4,
        baseUrl: running.baseUrl,
        bearer,
        keyPrefix: namespace,
        deadlineMs: 200_000,
        onAccepted: (accepted) => {
          for (const [share, names] of KILL_PLAN) {
            if (accepted !== Math.round(REGISTRATIONS * share)) continue;
            for (const name of names) {
              process.kill(pidOf(running.output(), name), 'SIGKILL');
              kills.push(`${name}@${accepted}`);
            }
          }
        },
      }),
    );
    expect({ refused: [...load.refused], unfinished: load.unfinished }).toEqual({ refused: [], unfinished: [] });
    expect(kills).toHaveLength(6);

    const { password } = JSON.parse(readFileSync(join(dataDir, 'embedded-postgres.json'), 'utf8')) as { password: string };
    db = createServiceDataSource({ url: `postgres://postgres:${password}@127.0.0.1:${pgPort}/mallcare`, schema: 'intake', poolSize: 2 });
    await db.initialize();
    const query = db.query.bind(db) as (sql: string) => Promise<Record<string, string>[]>;
    const ids = new Set(load.accepted.values());
    const countsOf = async (schema: string, type: string) =>
      new Map((await query(`SELECT complaint_id, count(*) AS n FROM ${schema}.events WHERE event_type = '${type}' GROUP BY complaint_id`)).map((row) => [row.complaint_id, Number(row.n)]));

    await withSystemLog(running, () =>
      eventually(async () => {
        const routed = await countsOf('routing', 'CaseRouted');
        const clocks = await countsOf('sla_monitor', 'SlaClockStarted');
        return [...ids].every((id) => routed.has(id) && clocks.has(id)) ? true : undefined;
      }, 150_000, 'every accepted registration routed and its clocks started'),
    );

    const registered = await countsOf('intake', 'ComplaintRegistered');
    expect(registered).toEqual(new Map([...ids].map((id) => [id, 1])));
    expect(await countsOf('routing', 'CaseRouted')).toEqual(new Map([...ids].map((id) => [id, 1])));
    // An effect recorded twice: two events of one type in one stream (for one clock) caused by the same event.
    const duplicates: Record<string, number> = {};
    const perType: Record<string, number> = {};
    for (const schema of ['intake', 'routing', 'sla_monitor', 'callback']) {
      const [{ n }] = await query(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${schema}.events WHERE metadata->>'causationId' IS NOT NULL
           GROUP BY stream_id, event_type, metadata->>'causationId', data->>'clockId' HAVING count(*) > 1) d`,
      );
      duplicates[schema] = Number(n);
      for (const row of await query(`SELECT event_type, count(*) AS n FROM ${schema}.events GROUP BY event_type`)) perType[row.event_type] = Number(row.n);
    }
    const deadLetters: Record<string, number> = {};
    for (const consumer of SERVICE_NAMES) {
      const consumerDb = createServiceDataSource({ url: `postgres://postgres:${password}@127.0.0.1:${pgPort}/mallcare`, schema: schemaOf(consumer), poolSize: 1 });
      await consumerDb.initialize();
      deadLetters[consumer] = await deadLettersOf(consumerDb, consumer, { brokers: brokers ?? [], namespace });
      await consumerDb.destroy();
    }
    // eslint-disable-next-line no-console -- the figures the issue asks the chaos run to print
    console.log(JSON.stringify({ chaos: { registrations: ids.size, retries: load.retries, kills, eventsPerType: perType, duplicates, deadLetters } }, null, 1));
    expect(duplicates).toEqual({ intake: 0, routing: 0, sla_monitor: 0, callback: 0 });
    expect(Object.values(deadLetters).every((n) => n === 0)).toBe(true);
  });
});
