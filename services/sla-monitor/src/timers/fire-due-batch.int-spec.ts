import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { ComplaintEvent, ComplaintRegisteredV3 } from '@mallcare/contracts';
import { handleCommand, PostgresEventStore } from '@mallcare/event-store';
import { FixedClock, PolicyStore, startService } from '@mallcare/platform';
import { caseNumberOf, logRegistration, ServiceUnderTest, walkInRegistration, WATER_AT_SHOP } from '@mallcare/service-testing';
import type { DataSource } from 'typeorm';
import type { SlaCaseFacts } from '../clocks/clock-facts';
import { clockDecider } from '../clocks/clock.decider';
import { ClocksService, clocksStreamId, notificationsOf } from '../clocks/clocks.service';
import { slaMonitorService } from '../sla-monitor.service-definition';

/**
 * The timer fires a batch of due cases in one transaction (one read of all their streams, one append):
 * each case gets the events that firing it alone through handleCommand would have appended, and two
 * timer instances draining the same due cases fire each exactly once.
 */

jest.setTimeout(240_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CASES = 40;
const NOW = new Date();

interface Shape {
  type: string;
  data: unknown;
  occurredAt: string;
}
const shapeOf = (event: ComplaintEvent): Shape => ({ type: event.type, data: event.data, occurredAt: event.metadata.occurredAt });

class RolledBack extends Error {}

let sla: ServiceUnderTest;
let clocks: ClocksService;
let store: PostgresEventStore;
let policy: PolicyStore;
let source: DataSource;
const cases: string[] = [];

/** Sorts of complaint whose clocks differ: consumers, tenants whose business is affected, anchor stores, received over the last hours. */
const registration = (n: number): Partial<ComplaintRegisteredV3> => {
  const receivedAt = new Date(NOW.getTime() - (n % 8) * 20 * MINUTE).toISOString();
  switch (n % 3) {
    case 0:
      return { complainantType: 'consumer', receivedAt };
    case 1:
      return { complainantType: 'street-shop-tenant', tenantUnit: `L1-${String(n).padStart(3, '0')}`, businessAffected: true, receivedAt };
    default:
      return { complainantType: 'anchor-store', receivedAt };
  }
};

const register = async (n: number): Promise<string> => {
  const registered = walkInRegistration('SH01', { caseNumber: caseNumberOf('SH01', '20261123', n), ...WATER_AT_SHOP, receivedAt: NOW.toISOString(), ...registration(n) });
  return logRegistration(sla, 'SH01', registered);
};

/** What firing this case alone at `now` appends: the one-stream command pipeline, in a transaction rolled back. */
const firedAlone = async (complaintId: string, now: Date): Promise<Shape[]> => {
  let events: ComplaintEvent[] = [];
  try {
    await store.transaction(async (manager) => {
      const [{ facts }]: { facts: SlaCaseFacts }[] = await manager.query(`SELECT facts FROM sla_monitor.clock_cases WHERE complaint_id = $1`, [complaintId]);
      const outcome = await handleCommand(store, {
        streamId: clocksStreamId(complaintId),
        decider: clockDecider,
        command: { type: 'FireDueClocks', data: { facts, policy: policy.current(now), now } },
        context: { complaintId, mallId: 'SH01', actor: { type: 'system', id: 'sla-monitor' }, correlationId: randomUUID(), causationId: null },
        manager,
      });
      events = outcome.events;
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  return events.map(shapeOf);
};

const versions = async (): Promise<Map<string, number>> => {
  const read = await store.readStreams(cases.map(clocksStreamId));
  return new Map(cases.map((id) => [id, read.get(clocksStreamId(id))?.version ?? 0]));
};

const appendedSince = async (before: Map<string, number>): Promise<Map<string, ComplaintEvent[]>> => {
  const read = await store.readStreams(cases.map(clocksStreamId));
  return new Map(cases.map((id) => [id, (read.get(clocksStreamId(id))?.events ?? []).slice(before.get(id) ?? 0)]));
};

const outboxKeys = (): Promise<{ notification_key: string }[]> =>
  source.query(`SELECT notification_key FROM sla_monitor.notification_outbox WHERE complaint_id = ANY($1::uuid[]) ORDER BY id`, [cases]);

const dueAt = async (now: Date): Promise<string[]> =>
  (await source.query(`SELECT complaint_id::text AS id FROM sla_monitor.clock_cases WHERE next_fire_at <= $1 ORDER BY complaint_id`, [now])).map((row: { id: string }) => row.id);

beforeAll(async () => {
  // The service's own clock stands still at NOW: its timer fires nothing later, the test fires at later instants itself.
  sla = new ServiceUnderTest({ definition: slaMonitorService, upstream: ['intake', 'routing', 'callback'], clock: new FixedClock(NOW) });
  await sla.start();
  clocks = sla.running.get(ClocksService);
  store = sla.running.get(PostgresEventStore);
  policy = sla.running.get(PolicyStore);
  source = sla.log('intake').dataSource;
  for (let n = 1; n <= CASES; n++) cases.push(await register(n));
  // Every case's clocks started and nothing due at NOW left for the service's own timer.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const [{ armed, due }]: { armed: number; due: number }[] = await source.query(
      `SELECT count(*) FILTER (WHERE next_fire_at IS NOT NULL)::int AS armed, count(*) FILTER (WHERE next_fire_at <= $1)::int AS due FROM sla_monitor.clock_cases`,
      [NOW],
    );
    if (armed === CASES && due === 0) break;
    if (Date.now() > deadline) throw new Error(`clocks of ${CASES} cases not armed: ${armed} armed, ${due} due`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(async () => {
  await sla?.stop();
});

describe('the timer firing many due cases in one transaction', () => {
  it('appends to every case what firing it alone would, and writes its notifications', async () => {
    const firedAt = new Date(NOW.getTime() + 30 * HOUR);
    expect(await dueAt(firedAt)).toHaveLength(CASES);
    const expected = new Map<string, Shape[]>();
    for (const id of cases) expected.set(id, await firedAlone(id, firedAt));
    const before = await versions();
    const keysBefore = new Set((await outboxKeys()).map((row) => row.notification_key));

    expect(await clocks.fireDue(CASES + 10, firedAt)).toBe(CASES);

    const appended = await appendedSince(before);
    for (const id of cases) expect({ id, events: (appended.get(id) ?? []).map(shapeOf) }).toEqual({ id, events: expected.get(id) });
    expect([...expected.values()].flat().filter((event) => event.type === 'SlaClockBreached').length).toBeGreaterThanOrEqual(CASES);
    // In one transaction: one transaction id for everything the batch appended.
    const [{ transactions }]: { transactions: number }[] = await source.query(
      `SELECT count(DISTINCT transaction_id)::int AS transactions FROM sla_monitor.events WHERE event_id = ANY($1::uuid[])`,
      [[...appended.values()].flat().map((event) => event.metadata.eventId)],
    );
    expect(transactions).toBe(1);
    const keys = (await outboxKeys()).filter((row) => !keysBefore.has(row.notification_key));
    const told = cases.flatMap((id) => notificationsOf(appended.get(id) ?? [], id, 'SH01').map((notification) => notification.key));
    expect(told.length).toBeGreaterThan(0);
    expect(keys.map((row) => row.notification_key).sort()).toEqual([...new Set(told)].sort());
  });

  it('fires each due case exactly once when a second timer instance drains the same cases', async () => {
    const firedAt = new Date(NOW.getTime() + 4 * DAY);
    const due = await dueAt(firedAt);
    expect(due.length).toBeGreaterThan(CASES / 2);
    const expected = new Map<string, Shape[]>();
    for (const id of due) expected.set(id, await firedAlone(id, firedAt));
    const before = await versions();
    const second: INestApplication = await startService(slaMonitorService, sla.config, { handleSignals: false });
    try {
      const drain = async (timer: ClocksService): Promise<number> => {
        let fired = 0;
        for (let round = 0; round < 100; round++) {
          const claimed = await timer.fireDue(3, firedAt);
          if (claimed === 0) break;
          fired += claimed;
        }
        return fired;
      };
      const fired = await Promise.all([drain(clocks), drain(second.get(ClocksService))]);
      expect(fired[0] + fired[1]).toBe(due.length);
    } finally {
      await second.close();
    }
    const appended = await appendedSince(before);
    for (const id of cases) expect({ id, events: (appended.get(id) ?? []).map(shapeOf) }).toEqual({ id, events: expected.get(id) ?? [] });
    expect(await dueAt(firedAt)).toEqual([]);
  });
});
