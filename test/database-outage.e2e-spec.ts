import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { schemaOf, topicOf, type ProducingService } from '@mallcare/contracts';
import { createServiceDataSource, migrateServiceSchema } from '@mallcare/event-store';
import { loadServiceConfig, startService } from '@mallcare/platform';
import { bearerFor, kafkaBrokersForTests, TEST_AUTH_JWKS } from '@mallcare/testing';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { intakeService } from '../services/intake/src/intake.service-definition';
import { routingService } from '../services/routing/src/routing.service-definition';
import { deadLettersOf, recordsIn, withKafkaAdmin } from './support/dead-letters';
import { startPostgresServer, type PostgresServer } from './support/postgres-server';
import { registrationBody } from './support/registration-load';
import { eventually } from './support/running-system';

/**
 * PostgreSQL stops under running services (its own embedded server, never the shared one) and starts
 * again: requests answer 503 problem details with Retry-After meanwhile, routing's consumer waits for
 * the database instead of spending its retries and dead-lettering, and when the server is back every
 * registration accepted before, during (none) and after the outage is routed exactly once.
 */
const scenario = (brokers: string[] | null) => () => {
  let url: string;
  const namespace = `outage-${randomUUID().slice(0, 8)}`;
  let pg: PostgresServer;
  let intake: INestApplication;
  let routing: INestApplication;
  let intakeUrl: string;
  let db: DataSource;

  beforeAll(async () => {
    pg = await startPostgresServer();
    url = pg.urlOf('mallcare');
    const admin = new Client({ connectionString: pg.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE mallcare');
    await admin.end();
    for (const service of ['sla-monitor', 'callback'] as ProducingService[]) {
      const other = createServiceDataSource({ url, schema: schemaOf(service), poolSize: 2 });
      await other.initialize();
      await migrateServiceSchema(other, schemaOf(service));
      await other.destroy();
    }
    process.env.INTAKE_PII_MASTER_KEY = randomBytes(32).toString('base64');
    const env = {
      DATABASE_URL: url,
      AUTH_JWKS: TEST_AUTH_JWKS,
      KAFKA_NAMESPACE: namespace,
      EVENT_POLL_INTERVAL_MS: '50',
      DB_CONNECT_TIMEOUT_MS: '3000',
      ...(brokers ? { KAFKA_BROKERS: brokers.join(','), KAFKA_PARTITIONS: '2' } : {}),
    };
    intake = await startService(intakeService, { ...loadServiceConfig('intake', env), port: 0 }, { handleSignals: false });
    routing = await startService(routingService, { ...loadServiceConfig('routing', env), port: 0 }, { handleSignals: false });
    intakeUrl = (await intake.getUrl()).replace('[::1]', '127.0.0.1');
    db = createServiceDataSource({ url, schema: 'intake', poolSize: 2 });
    await db.initialize();
  });

  afterAll(async () => {
    await intake?.close();
    await routing?.close();
    if (db?.isInitialized) await db.destroy();
    await pg?.destroy();
    delete process.env.INTAKE_PII_MASTER_KEY;
  });

  const bearer = bearerFor('sh01-desk-1');
  const register = (n: number) =>
    fetch(`${intakeUrl}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer, 'idempotency-key': `${namespace}-${n}` },
      body: JSON.stringify(registrationBody(n)),
    });
  const registerAll = async (from: number, to: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let n = from; n < to; n++) {
      const answer = await register(n);
      expect(answer.status).toBe(201);
      ids.push(((await answer.json()) as { id: string }).id);
    }
    return ids;
  };
  const routedCounts = async (): Promise<Map<string, number>> => {
    const rows: { complaint_id: string; n: string }[] = await db.query(
      `SELECT complaint_id, count(*) AS n FROM routing.events WHERE event_type = 'CaseRouted' GROUP BY complaint_id`,
    );
    return new Map(rows.map((row) => [row.complaint_id, Number(row.n)]));
  };
  const databaseWaits = async (): Promise<number> => {
    const metric = await routing.get(Registry).getSingleMetric('mallcare_events_failed_total')?.get();
    return (metric?.values ?? []).filter((value) => value.labels.stage === 'database-unavailable').reduce((sum, value) => sum + value.value, 0);
  };

  it('answers 503 with Retry-After while PostgreSQL is down, and consumers pause and resume with nothing lost or doubled', async () => {
    const before = await registerAll(0, 10);
    await eventually(async () => ((await routedCounts()).size === 10 ? true : undefined), 60_000, 'the first registrations routed');

    // Routing is held inside its transactions (its inbox locked) with ten more events in hand when the server stops.
    const locker = new Client({ connectionString: url });
    locker.on('error', () => undefined);
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE routing.inbox IN EXCLUSIVE MODE');
    const held = await registerAll(10, 20);
    await eventually(async () => {
      const [{ waiting }] = await db.query(
        `SELECT count(*) AS waiting FROM pg_stat_activity WHERE application_name = 'mallcare-routing' AND wait_event_type = 'Lock'`,
      );
      return Number(waiting) > 0 ? true : undefined;
    }, 60_000, 'routing waiting on its inbox');

    await pg.stop();
    const refused = await register(99);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({ status: 503, code: 'database-unavailable', instance: '/complaints' });
    expect((await fetch(`${intakeUrl}/complaints?kind=complaint`, { headers: { authorization: bearer } })).status).toBe(503);
    expect((await fetch(`${intakeUrl}/health/ready`)).status).toBe(503);
    // More failed tries than the retry policy's attempts: before, the event would have been dead-lettered.
    await eventually(async () => ((await databaseWaits()) > 6 ? true : undefined), 60_000, 'routing retrying against the stopped database');

    await pg.start();
    await eventually(async () => ((await register(20)).status === 201 ? true : undefined), 60_000, 'intake taking registrations again');
    const after = [((await (await register(20)).json()) as { id: string }).id, ...(await registerAll(21, 30))];

    const accepted = [...before, ...held, ...after];
    await eventually(async () => ((await routedCounts()).size >= accepted.length ? true : undefined), 90_000, 'every registration routed');
    expect(await routedCounts()).toEqual(new Map(accepted.map((id) => [id, 1])));
    expect(await deadLettersOf(db, 'routing', brokers ? { brokers, namespace } : null)).toBe(0);
    if (brokers) {
      const published = await withKafkaAdmin(brokers, (admin) => recordsIn(admin, topicOf('intake', namespace)));
      expect(published).toBeGreaterThanOrEqual(accepted.length);
    }
  });
};

describe('PostgreSQL outage (embedded transport)', scenario(null));

const brokers = kafkaBrokersForTests();
(brokers ? describe : describe.skip)('PostgreSQL outage (Kafka)', scenario(brokers));
