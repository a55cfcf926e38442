import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@mallcare/contracts';
import { createTestDatabase, describeWithKafka, type TestDatabase } from '@mallcare/testing';
import { freePort, json, startSystem, withSystemLog, type RunningSystem } from './support/running-system';
import { asStaff, issueToken, runThinFlow } from './support/thin-flow';

describe('npm start: embedded PostgreSQL, no Kafka, every service its own process', () => {
  let dataDir: string;
  let system: RunningSystem | null = null;
  const env = async () => ({ MALLCARE_DATA: dataDir, MALLCARE_PG_PORT: String(await freePort()), MALLCARE_PORT_BASE: '4100' });
  let savedEnv: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mallcare-e2e-'));
    chmodSync(dataDir, 0o755);
    savedEnv = await env();
  });
  afterAll(async () => {
    await system?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the thin flow, answers bad input with field errors, and keeps every complaint across a restart', async () => {
    system = await startSystem(savedEnv);
    expect(system.output()).toContain('events over the PostgreSQL logs');
    const running = system;
    const id = await withSystemLog(running, () => runThinFlow(running.baseUrl, 'SH01'));

    const desk = asStaff(await issueToken(system.baseUrl, 'sh01-desk-1'));
    const invalid = await desk(`${system.baseUrl}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mallId: 'SH01', channel: 'fax', kind: 'complaint' }),
    });
    expect(invalid.status).toBe(400);
    const problem = await json<{ errors: { field: string }[] }>(invalid);
    expect(problem.errors.map((error) => error.field)).toEqual(expect.arrayContaining(['channel', 'category', 'complainantType', 'description']));
    expect((await desk(`${system.baseUrl}/complaints/${randomUUID()}/timeline`)).status).toBe(404);

    // Identity: no token, 401; another mall's staff don't learn the case exists (404); HQ sees it.
    const anonymous = await fetch(`${system.baseUrl}/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${system.baseUrl}/complaints/${id}/timeline`)).status).toBe(401);
    expect((await fetch(`${system.baseUrl}/complaints/${id}/timeline`, { headers: { authorization: 'Bearer forged.token.here' } })).status).toBe(401);
    const otherMall = asStaff(await issueToken(system.baseUrl, 'bj01-desk-1'));
    expect((await otherMall(`${system.baseUrl}/complaints/${id}/timeline`)).status).toBe(404);
    expect((await desk(`${system.baseUrl}/complaints/${id}/timeline`)).status).toBe(200);
    expect((await asStaff(await issueToken(system.baseUrl, 'hq-ops-1'))(`${system.baseUrl}/complaints/${id}/timeline`)).status).toBe(200);
    expect((await fetch(`${system.baseUrl}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staffId: 'nobody' }) })).status).toBe(404);

    for (const service of SERVICE_NAMES) {
      const metrics = await (await fetch(`${system.baseUrl}/${service}/metrics`)).text();
      expect(metrics).toContain('mallcare_events_consumed_total');
      expect((await fetch(`${system.baseUrl}/${service}/health/ready`)).status).toBe(200);
    }

    expect(await system.stop()).toBe(0);
    system = await startSystem(savedEnv);
    // The signing secret was kept in .data/secrets.json: a token from before the restart still works.
    const timeline = await json<{ entries: { type: string }[] }>(await desk(`${system.baseUrl}/complaints/${id}/timeline`));
    expect(timeline.entries.map((entry) => entry.type)).toEqual(expect.arrayContaining(['ComplaintRegistered', 'CaseRouted', 'CaseResolved', 'CallbackScheduled']));
    await runThinFlow(system.baseUrl, 'SH02');
  });
});

describeWithKafka('npm run start:services: real Kafka and PostgreSQL, every service its own process', (brokers) => {
  let database: TestDatabase;
  let system: RunningSystem | null = null;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await system?.stop();
    await database.drop();
  });

  it('runs the thin flow over Kafka topics', async () => {
    system = await startSystem({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_NAMESPACE: `e2e-${randomUUID().slice(0, 8)}`,
      MALLCARE_PORT_BASE: '4200',
    });
    expect(system.output()).toContain('events over Kafka');
    await runThinFlow(system.baseUrl, 'BJ01');
  });
});
