import { randomBytes, randomUUID } from 'node:crypto';
import { consumerGroupOf, schemaOf, topicOf, type ProducingService } from '@mallcare/contracts';
import { createServiceDataSource, migrateServiceSchema } from '@mallcare/event-store';
import { bearerFor, createTestDatabase, kafkaBrokersForTests, TEST_AUTH_JWKS, type TestDatabase } from '@mallcare/testing';
import type { DataSource } from 'typeorm';
import { deadLettersOf, withKafkaAdmin } from './support/dead-letters';
import { runRegistrationLoad } from './support/registration-load';
import { startServiceProcess, type ServiceProcess } from './support/service-process';
import { eventually } from './support/running-system';

/**
 * SIGTERM to intake and routing in the middle of a bounded load of registrations: both exit 0 (a
 * graceful stop that finished inside SHUTDOWN_TIMEOUT_MS; past it they exit 1), readiness answered
 * 503 before the listener closed, and after both restart every accepted registration is in intake's
 * log once and routed once, with nothing dead-lettered.
 */
const scenario = (brokers: string[] | null) => () => {
  let database: TestDatabase;
  let db: DataSource;
  const running: ServiceProcess[] = [];
  const namespace = `shutdown-${randomUUID().slice(0, 8)}`;
  // Below the ephemeral ports (32768-60999): a port chosen there may already be some connection's own.
  const portBase = 14000 + Math.floor(Math.random() * 4000);
  const ports = { intake: portBase, routing: portBase + 1 } as const;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createServiceDataSource({ url: database.url, schema: 'intake', poolSize: 2 });
    await db.initialize();
    // The logs intake and routing follow besides each other's exist, empty.
    for (const service of ['sla-monitor', 'callback'] as ProducingService[]) {
      const other = createServiceDataSource({ url: database.url, schema: schemaOf(service), poolSize: 2 });
      await other.initialize();
      await migrateServiceSchema(other, schemaOf(service));
      await other.destroy();
    }
    env = {
      DATABASE_URL: database.url,
      AUTH_JWKS: TEST_AUTH_JWKS,
      INTAKE_PII_MASTER_KEY: randomBytes(32).toString('base64'),
      EVENT_POLL_INTERVAL_MS: '50',
      KAFKA_NAMESPACE: namespace,
      SHUTDOWN_TIMEOUT_MS: '10000',
      INTAKE_SHUTDOWN_DRAIN_DELAY_MS: '2000',
      ...(brokers ? { KAFKA_BROKERS: brokers.join(','), KAFKA_PARTITIONS: '2' } : {}),
    };
  });

  afterAll(async () => {
    for (const service of running) service.kill('SIGKILL');
    await Promise.all(running.map((service) => service.exited));
    if (db?.isInitialized) await db.destroy();
    await database?.drop();
  });

  const start = async (service: 'intake' | 'routing') => {
    const process = await startServiceProcess(service, ports[service], env);
    running.push(process);
    return process;
  };

  it('drains, commits and exits 0 on SIGTERM mid-load; after a restart nothing accepted is lost or handled twice', async () => {
    let [intake, routing] = await Promise.all([start('intake'), start('routing')]);
    const total = 60;
    const exits: Record<string, { code: number | null; signal: NodeJS.Signals | null }> = {};
    const readinessAnswers: number[] = [];
    let restarted: Promise<void> | null = null;
    const stopAndRestart = async () => {
      intake.kill('SIGTERM');
      routing.kill('SIGTERM');
      // Readiness goes false before the listener closes (intake holds it false for its drain delay).
      for (;;) {
        const status = await fetch(`${intake.url}/health/ready`).then((r) => r.status, () => 0);
        readinessAnswers.push(status);
        if (status !== 200) break;
      }
      [exits.intake, exits.routing] = await Promise.all([intake.exited, routing.exited]);
      [intake, routing] = await Promise.all([start('intake'), start('routing')]);
    };

    const load = await runRegistrationLoad({
      total,
      concurrency: 4,
      baseUrl: intake.url,
      bearer: bearerFor('sh01-desk-1'),
      keyPrefix: namespace,
      deadlineMs: 150_000,
      onAccepted: (accepted) => {
        if (accepted === total / 2) restarted = stopAndRestart();
      },
    });
    await restarted;

    expect(exits).toEqual({ intake: { code: 0, signal: null }, routing: { code: 0, signal: null } });
    expect(readinessAnswers).toContain(503);
    expect(intake.pid).not.toBe(running[0].pid);
    expect({ refused: [...load.refused], unfinished: load.unfinished }).toEqual({ refused: [], unfinished: [] });
    expect(load.accepted.size).toBe(total);

    const ids = [...load.accepted.values()];
    const registered: { complaint_id: string; n: string }[] = await db.query(
      `SELECT complaint_id, count(*) AS n FROM intake.events WHERE event_type = 'ComplaintRegistered' GROUP BY complaint_id`,
    );
    expect(new Map(registered.map((row) => [row.complaint_id, Number(row.n)]))).toEqual(new Map(ids.map((id) => [id, 1])));

    const routed = await eventually(async () => {
      const rows: { complaint_id: string; n: string }[] = await db.query(
        `SELECT complaint_id, count(*) AS n FROM routing.events WHERE event_type = 'CaseRouted' GROUP BY complaint_id`,
      );
      return rows.length >= ids.length ? rows : undefined;
    }, 60_000, 'every accepted registration routed');
    expect(new Map(routed.map((row) => [row.complaint_id, Number(row.n)]))).toEqual(new Map(ids.map((id) => [id, 1])));

    const [{ handled }] = await db.query(`SELECT count(*) AS handled FROM routing.inbox WHERE event_type = 'ComplaintRegistered'`);
    expect(Number(handled)).toBe(total);
    expect(await deadLettersOf(db, 'routing', brokers ? { brokers, namespace } : null)).toBe(0);
    if (brokers) {
      // Routing's group committed up to the end of intake's topic: nothing is left to redeliver.
      await withKafkaAdmin(brokers, (admin) =>
        eventually(async () => {
          const [committed] = await admin.fetchOffsets({ groupId: consumerGroupOf('routing', namespace), topics: [topicOf('intake', namespace)] });
          const ends = await admin.fetchTopicOffsets(topicOf('intake', namespace));
          const lag = ends.reduce((sum, end) => sum + Number(end.high) - Number(committed.partitions.find((p) => p.partition === end.partition)?.offset ?? 0), 0);
          return lag === 0 ? true : undefined;
        }, 30_000, 'routing committed to the end of intake topic'),
      );
    }
  });
};

describe('graceful shutdown (embedded transport)', scenario(null));

const brokers = kafkaBrokersForTests();
(brokers ? describe : describe.skip)('graceful shutdown (Kafka)', scenario(brokers));
