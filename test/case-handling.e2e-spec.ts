import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { bearerFor, describeWithKafka, TEST_SIGNING_JWK } from '@mallcare/testing';
import { eventually, freePort, json, newDataDir, startSystem, withSystemLog, type RunningSystem } from './support/running-system';
import { systemOnKafka } from './support/system-on-kafka';
import { escalatorComplaint } from './support/thin-flow';

/**
 * Issue 3's handling path through the running system (every service its own process, one base URL):
 * a consumer's walk-in complaint about a broken escalator is owned by operations, handled by
 * engineering, accepted, verified, classified responsible-general and resolved; intake's timeline
 * shows who did what and when; another mall's staff get 404 on the case and 403 on its commands.
 */

interface TimelineEntry {
  type: string;
  service: string;
  occurredAt: string;
  recordedAt: string;
  actor: { type: string; id: string };
  data: Record<string, unknown>;
}
interface CaseView {
  status: string;
  owningDepartmentId: string;
  handlingDepartmentId: string;
  assigneeStaffId: string;
  allowedCommands: string[];
}

/** Secrets the services need, set by the test so it can sign its own staff tokens. */
const secrets = () => ({ AUTH_SIGNING_KEY: JSON.stringify(TEST_SIGNING_JWK), INTAKE_PII_MASTER_KEY: randomBytes(32).toString('base64') });

const handlingFlow = async (baseUrl: string, mallId: string): Promise<void> => {
  const mall = mallId.toLowerCase();
  const call = (staffId: string, method: 'GET' | 'POST', path: string, body?: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: bearerFor(staffId) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const ok = async <T>(staffId: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await call(staffId, method, path, body);
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} as ${staffId}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };

  const desk = `${mall}-desk-1`;
  const created = await ok<{ id: string }>(desk, 'POST', '/complaints', escalatorComplaint(mallId, { recordedBy: desk }));
  const id = created.id;

  const manager = `${mall}-engineering-mgr`;
  const routed = await eventually(async () => {
    const response = await call(manager, 'GET', `/cases/${id}`);
    return response.status === 200 ? json<CaseView>(response) : undefined;
  }, 60_000, 'case routed');
  expect(routed).toMatchObject({ status: 'routed', owningDepartmentId: 'operations', handlingDepartmentId: 'engineering' });
  const handler = routed.assigneeStaffId;
  expect(handler).toMatch(new RegExp(`^${mall}-engineering-`));

  await ok(handler, 'POST', `/cases/${id}/accept`);
  await ok(handler, 'POST', `/cases/${id}/verify`, { validity: 'valid', reason: '现场核实 / confirmed on site' });
  await ok(handler, 'POST', `/cases/${id}/classify`, { responsibility: 'responsible', severity: 'general', criteria: ['service-shortfall'] });
  await ok(handler, 'POST', `/cases/${id}/resolve`, { actionTaken: '更换驱动链 / replaced the drive chain', customerToldWhat: '电话告知 / told by phone' });

  const handled = ['CaseOpened', 'CaseRouted', 'CaseAssigned', 'CaseAccepted', 'CaseVerified', 'CaseClassified', 'CaseResolved'];
  const timeline = await eventually(async () => {
    const { entries } = await ok<{ entries: TimelineEntry[] }>(manager, 'GET', `/complaints/${id}/timeline`);
    return handled.every((type) => entries.some((entry) => entry.type === type)) ? entries : undefined;
  }, 60_000, 'the handling in the timeline');
  const who = (type: string) => timeline.find((entry) => entry.type === type);
  expect(who('ComplaintRegistered')).toMatchObject({ service: 'intake', actor: { type: 'staff', id: desk } });
  for (const type of ['CaseOpened', 'CaseRouted', 'CaseAssigned']) expect(who(type)).toMatchObject({ service: 'routing', actor: { type: 'system', id: 'routing' } });
  for (const type of ['CaseAccepted', 'CaseVerified', 'CaseClassified', 'CaseResolved']) expect(who(type)).toMatchObject({ service: 'routing', actor: { type: 'staff', id: handler } });
  expect(who('CaseClassified')?.data).toMatchObject({ responsibility: 'responsible', severity: 'general', criteria: ['service-shortfall'] });
  const order = handled.map((type) => timeline.findIndex((entry) => entry.type === type));
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  for (const entry of timeline) expect(Number.isNaN(Date.parse(entry.recordedAt))).toBe(false);

  const other = mallId === 'BJ01' ? 'sh01' : 'bj01';
  expect((await call(`${other}-engineering-mgr`, 'GET', `/cases/${id}`)).status).toBe(404);
  expect((await call(`${other}-engineering-mgr`, 'POST', `/cases/${id}/reopen`, { reason: 'not theirs' })).status).toBe(403);
};

describe('case handling through the running system: embedded PostgreSQL, no Kafka', () => {
  let dataDir: string;
  let system: RunningSystem | null = null;

  beforeAll(() => {
    dataDir = newDataDir('e2e-cases');
  });
  afterAll(async () => {
    await system?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('handles a walk-in escalator complaint from routing to resolution, and the timeline says who did what', async () => {
    system = await startSystem({
      MALLCARE_DATA: dataDir,
      MALLCARE_PG_PORT: String(await freePort()),
      MALLCARE_PORT_BASE: '4300',
      ...secrets(),
    });
    const running = system;
    await withSystemLog(running, () => handlingFlow(running.baseUrl, 'SH01'));
  });
});

describeWithKafka('case handling through the running system: real Kafka and PostgreSQL', (brokers) => {
  const system = systemOnKafka(brokers, 'e2e-cases');

  it('handles a walk-in escalator complaint over Kafka topics', async () => {
    const running = await system.start({ MALLCARE_PORT_BASE: '4400', ...secrets() });
    await withSystemLog(running, () => handlingFlow(running.baseUrl, 'BJ01'));
  });
});
