import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { SERVICE_NAMES } from '@mallcare/contracts';
import { describeWithKafka } from '@mallcare/testing';
import { freePort, json, newDataDir, startSystem, withSystemLog, type RunningSystem } from './support/running-system';
import { systemOnKafka } from './support/system-on-kafka';
import { asStaff, issueToken, runThinFlow } from './support/thin-flow';

describe('npm start: embedded PostgreSQL, no Kafka, every service its own process', () => {
  let dataDir: string;
  let system: RunningSystem | null = null;
  const env = async () => ({ MALLCARE_DATA: dataDir, MALLCARE_PG_PORT: String(await freePort()), MALLCARE_PORT_BASE: '4100' });
  let savedEnv: Record<string, string>;

  beforeAll(async () => {
    dataDir = newDataDir('e2e');
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
  const system = systemOnKafka(brokers, 'e2e');

  it('runs the thin flow over Kafka topics', async () => {
    const running = await system.start({ MALLCARE_PORT_BASE: '4200' });
    expect(running.output()).toContain('events over Kafka');
    await runThinFlow(running.baseUrl, 'BJ01');
  });
});
