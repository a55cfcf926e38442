import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventContractViolation, upcastComplaintRegisteredV1, type ComplaintEvent, type ComplaintRegisteredV1, type NewEvent } from '@mallcare/contracts';
import { createTestDatabase, registeredV1, registrationV1, type TestDatabase } from '@mallcare/testing';
import type { DataSource } from 'typeorm';
import { countBehind, hasEventsAfter, loadCheckpoint, saveCheckpoint } from './checkpoints';
import { createServiceDataSource, migrateServiceSchema } from './data-source';
import { EventStoreError, EventStoreErrorCode, StreamVersionConflict } from './event-store.errors';
import { LOG_START, type LogPosition } from './log-position';
import { LogSignal } from './log-signal';
import { PostgresEventStore, type AppendContext, type StoredEvent } from './postgres-event-store';

jest.setTimeout(120_000);

const SCHEMA = 'intake';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let database: TestDatabase;
let ds: DataSource;
let store: PostgresEventStore;
const extraDataSources: DataSource[] = [];

const registeredData = (n = 1): ComplaintRegisteredV1 => registrationV1(n);

const registered = (n = 1, occurredAt?: string): NewEvent => ({ ...registeredV1(n), ...(occurredAt ? { occurredAt } : {}) });

const contextFor = (overrides: Partial<AppendContext> = {}): AppendContext => ({
  complaintId: randomUUID(),
  mallId: 'mall-sha-01',
  actor: { type: 'staff', id: 'desk-7' },
  correlationId: randomUUID(),
  causationId: null,
  ...overrides,
});

const newStream = (label: string): string => `complaint-${label}-${randomUUID()}`;

/** Runs `promise`, insists it rejects with an instance of `type`, and returns the error. */
const rejectionOf = async <E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> => {
  let thrown: unknown;
  try {
    await promise;
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(type);
  return thrown as E;
};

const compareLog = (a: LogPosition, b: LogPosition): number => {
  const [ta, tb] = [BigInt(a.transactionId), BigInt(b.transactionId)];
  if (ta !== tb) return ta < tb ? -1 : 1;
  const [ga, gb] = [BigInt(a.globalPosition), BigInt(b.globalPosition)];
  return ga === gb ? 0 : ga < gb ? -1 : 1;
};

const totalEvents = async (): Promise<number> => {
  const rows: { n: string }[] = await ds.query(`SELECT count(*)::text AS n FROM ${SCHEMA}.events`);
  return Number(rows[0].n);
};

/** Reads the whole log from `from` with the gap-safe reader until it is drained (nothing older than every running transaction is left). */
const drain = async (from: LogPosition): Promise<{ events: StoredEvent[]; position: LogPosition }> => {
  const events: StoredEvent[] = [];
  let position = from;
  for (;;) {
    const batch = await store.readAll(position, 100);
    if (batch.length === 0) return { events, position };
    events.push(...batch);
    position = batch[batch.length - 1].position;
  }
};

/** Keeps a few pooled connections busy at once so that later concurrent queries really do run in parallel. */
const warmPool = async (dataSource: DataSource, connections: number): Promise<void> => {
  await Promise.all(Array.from({ length: connections }, () => dataSource.query('SELECT pg_sleep(0.05)')));
};

beforeAll(async () => {
  database = await createTestDatabase();
  ds = createServiceDataSource({ url: database.url, schema: SCHEMA, poolSize: 40 });
  await ds.initialize();
  await migrateServiceSchema(ds, SCHEMA);
  store = new PostgresEventStore(ds, 'intake', SCHEMA);
});

afterAll(async () => {
  for (const extra of extraDataSources) if (extra.isInitialized) await extra.destroy();
  if (ds?.isInitialized) await ds.destroy();
  await database?.drop();
});

describe('PostgresEventStore: append and readStream', () => {
  it('round-trips data and metadata, with position and recordedAt set by the store', async () => {
    const streamId = newStream('roundtrip');
    const context = contextFor({ causationId: randomUUID(), actor: { type: 'system', id: 'intake-importer' } });
    const occurredAt = '2025-03-01T01:14:00.000Z';
    const [{ before }] = await ds.query<{ before: Date }[]>('SELECT clock_timestamp() AS before');

    const result = await store.append(streamId, [registered(1, '2025-03-01T09:14:00+08:00'), registered(2)], context, 0);

    const [{ after }] = await ds.query<{ after: Date }[]>('SELECT clock_timestamp() AS after');
    expect(result.nextExpectedVersion).toBe(2);
    expect(result.events).toHaveLength(2);

    const read = await store.readStream(streamId);
    expect(read.version).toBe(2);
    expect(read.events).toEqual(result.events);

    const [first, second] = read.events;
    expect(first.type).toBe('ComplaintRegistered');
    // Version-1 data is still accepted, stored as version 1, and read in the current shape (upcast).
    expect(first.data).toEqual(upcastComplaintRegisteredV1(registeredData(1)));
    expect(second.data).toEqual(upcastComplaintRegisteredV1(registeredData(2)));
    for (const [index, event] of read.events.entries()) {
      expect(event.metadata).toEqual({
        eventId: expect.stringMatching(UUID),
        complaintId: context.complaintId,
        mallId: context.mallId,
        occurredAt: expect.any(String),
        recordedAt: expect.any(String),
        actor: { type: 'system', id: 'intake-importer' },
        correlationId: context.correlationId,
        causationId: context.causationId,
        schemaVersion: 3,
        streamId,
        streamPosition: index + 1,
      });
      const recordedAt = new Date(event.metadata.recordedAt).getTime();
      expect(recordedAt).toBeGreaterThanOrEqual(new Date(before).getTime());
      expect(recordedAt).toBeLessThanOrEqual(new Date(after).getTime());
    }
    expect(first.metadata.eventId).not.toBe(second.metadata.eventId);
    // The caller's occurredAt is kept (normalised to UTC); without one the store uses "now".
    expect(first.metadata.occurredAt).toBe(occurredAt);
    expect(new Date(second.metadata.occurredAt).getTime()).toBeGreaterThanOrEqual(new Date(before).getTime() - 5_000);

    // The same rows as stored in the table (metadata jsonb carries only what is not a column).
    const rows: { stream_position: number; complaint_id: string; mall_id: string; schema_version: number; metadata: unknown }[] =
      await ds.query(
        `SELECT stream_position, complaint_id, mall_id, schema_version, metadata FROM ${SCHEMA}.events
         WHERE stream_id = $1 ORDER BY stream_position`,
        [streamId],
      );
    expect(rows.map((r) => r.stream_position)).toEqual([1, 2]);
    expect(rows[0]).toMatchObject({ complaint_id: context.complaintId, mall_id: 'mall-sha-01', schema_version: 1 });
    expect(rows[0].metadata).toEqual({ actor: context.actor, correlationId: context.correlationId, causationId: context.causationId });

    expect(await store.readComplaint(context.complaintId)).toEqual(result.events);
  });

  it('keeps a null causationId null', async () => {
    const streamId = newStream('root-cause');
    await store.append(streamId, [registered()], contextFor(), 0);
    const { events } = await store.readStream(streamId);
    expect(events[0].metadata.causationId).toBeNull();
  });

  it('reads an unknown stream as version 0 with no events', async () => {
    expect(await store.readStream(newStream('nothing'))).toEqual({ version: 0, events: [] });
  });

  it('refuses to append nothing', async () => {
    await expect(store.append(newStream('empty'), [], contextFor(), 0)).rejects.toThrow('nothing to append');
  });
});

describe('PostgresEventStore: expectedVersion', () => {
  it('appends with 0 to a new stream, then refuses 0 once the stream exists', async () => {
    const streamId = newStream('v0');
    const context = contextFor();
    expect((await store.append(streamId, [registered()], context, 0)).nextExpectedVersion).toBe(1);
    const conflict = await rejectionOf(store.append(streamId, [registered()], context, 0), StreamVersionConflict);
    expect(conflict).toBeInstanceOf(EventStoreError);
    expect(conflict.code).toBe(EventStoreErrorCode.StreamVersionConflict);
    expect(conflict.streamId).toBe(streamId);
    expect(conflict.expectedVersion).toBe(0);
    expect((await store.readStream(streamId)).version).toBe(1);
  });

  it('appends at the expected version and refuses versions behind or ahead of it (no gaps)', async () => {
    const streamId = newStream('vn');
    const context = contextFor();
    await store.append(streamId, [registered(1), registered(2), registered(3)], context, 0);
    const before = await totalEvents();

    for (const wrong of [1, 2, 4, 5, 100]) {
      const conflict = await rejectionOf(store.append(streamId, [registered(9)], context, wrong), StreamVersionConflict);
      expect(conflict.expectedVersion).toBe(wrong);
    }
    expect(await totalEvents()).toBe(before);
    expect((await store.readStream(streamId)).version).toBe(3);

    const next = await store.append(streamId, [registered(4)], context, 3);
    expect(next.nextExpectedVersion).toBe(4);
    expect((await store.readStream(streamId)).events.map((e) => e.metadata.streamPosition)).toEqual([1, 2, 3, 4]);
  });

  it('refuses an expected version on a stream that does not exist yet', async () => {
    const streamId = newStream('ahead');
    await rejectionOf(store.append(streamId, [registered()], contextFor(), 1), StreamVersionConflict);
    expect(await store.readStream(streamId)).toEqual({ version: 0, events: [] });
  });

  it("appends at the end with 'any', on a new and on an existing stream", async () => {
    const streamId = newStream('any');
    const context = contextFor();
    expect((await store.append(streamId, [registered(1)], context, 'any')).nextExpectedVersion).toBe(1);
    await store.append(streamId, [registered(2)], context, 1);
    const result = await store.append(streamId, [registered(3), registered(4)], context, 'any');
    expect(result.events.map((e) => e.metadata.streamPosition)).toEqual([3, 4]);
    expect(result.nextExpectedVersion).toBe(4);
    const { version, events } = await store.readStream(streamId);
    expect(version).toBe(4);
    expect(events.map((e) => (e.data as ComplaintRegisteredV1).caseNumber)).toEqual(
      [1, 2, 3, 4].map((n) => registeredData(n).caseNumber),
    );
  });

  it('writes none of a multi-event append that conflicts', async () => {
    const streamId = newStream('atomic');
    await store.append(streamId, [registered(1)], contextFor(), 0);
    const before = await totalEvents();
    await rejectionOf(store.append(streamId, [registered(2), registered(3)], contextFor(), 0), StreamVersionConflict);
    expect(await totalEvents()).toBe(before);
  });

  it('lets exactly one of 20 concurrent appends at the same expected version win', async () => {
    for (let round = 0; round < 5; round += 1) {
      const streamId = newStream(`race-${round}`);
      const context = contextFor();
      const seeded = 3;
      await store.append(streamId, [registered(1), registered(2), registered(3)], context, 0);
      await warmPool(ds, 25);

      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.append(streamId, [registered(100 + i)], context, seeded)),
      );

      const winners = outcomes.filter((o): o is PromiseFulfilledResult<Awaited<ReturnType<PostgresEventStore['append']>>> => o.status === 'fulfilled');
      const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(19);
      for (const loser of losers) {
        expect(loser.reason).toBeInstanceOf(StreamVersionConflict);
        expect((loser.reason as StreamVersionConflict).expectedVersion).toBe(seeded);
      }
      expect(winners[0].value.nextExpectedVersion).toBe(seeded + 1);

      const { version, events } = await store.readStream(streamId);
      expect(version).toBe(seeded + 1);
      expect(events.map((e) => e.metadata.streamPosition)).toEqual([1, 2, 3, 4]);
      expect(events[3].metadata.eventId).toBe(winners[0].value.events[0].metadata.eventId);
    }
  });
});

describe('PostgresEventStore: readAll (the gap-safe log reader)', () => {
  it('gives a follower every event of 16 concurrent writers exactly once, in strictly increasing log order', async () => {
    const writers = 16;
    const appendsPerWriter = 50;
    const prefix = `fanout-${randomUUID()}`;
    const reader = `follower-${randomUUID()}`;
    const appended = new Set<string>();
    let writing = true;
    let batchesWhileWriting = 0;

    const writer = async (w: number): Promise<void> => {
      const streamId = `${prefix}-${w}`;
      const context = contextFor();
      for (let i = 0; i < appendsPerWriter; i += 1) {
        if (w % 2 === 0) {
          const result = await store.append(streamId, [registered(i)], context, i);
          appended.add(result.events[0].metadata.eventId);
        } else {
          // Half the writers hold their transaction open a moment after the insert, so commits land
          // out of global_position order: exactly what makes a naive reader skip events.
          const runner = ds.createQueryRunner();
          await runner.connect();
          try {
            await runner.startTransaction();
            const result = await store.append(streamId, [registered(i)], context, i, runner.manager);
            await sleep(Math.floor(Math.random() * 4));
            await runner.commitTransaction();
            appended.add(result.events[0].metadata.eventId);
          } catch (error) {
            if (runner.isTransactionActive) await runner.rollbackTransaction();
            throw error;
          } finally {
            await runner.release();
          }
        }
      }
    };

    const seen: StoredEvent[] = [];
    const follower = async (): Promise<void> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        // The checkpoint lives in the database, as a real follower's would.
        const checkpoint = await loadCheckpoint(ds, SCHEMA, reader);
        const batch = await store.readAll(checkpoint, 100);
        if (batch.length > 0) {
          if (writing) batchesWhileWriting += 1;
          seen.push(...batch);
          await saveCheckpoint(ds, SCHEMA, reader, batch[batch.length - 1].position);
          continue;
        }
        const mine = seen.filter((s) => s.event.metadata.streamId.startsWith(prefix)).length;
        if (!writing && mine >= appended.size) return;
        if (Date.now() > deadline) throw new Error(`follower gave up having seen ${mine} of ${appended.size}`);
        await sleep(2);
      }
    };

    const following = follower();
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w))).finally(() => {
      writing = false;
    });
    await following;

    expect(appended.size).toBe(writers * appendsPerWriter);
    expect(batchesWhileWriting).toBeGreaterThan(1);

    const mine = seen.filter((s) => s.event.metadata.streamId.startsWith(prefix));
    const counts = new Map<string, number>();
    for (const s of mine) counts.set(s.event.metadata.eventId, (counts.get(s.event.metadata.eventId) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    expect(mine).toHaveLength(writers * appendsPerWriter);
    expect(new Set(counts.keys())).toEqual(appended);

    // Every position the follower saw (its own events and any others) is strictly after the previous one.
    const outOfOrder = seen.slice(1).filter((s, i) => compareLog(seen[i].position, s.position) >= 0);
    expect(outOfOrder).toEqual([]);

    // Within a stream, log order is stream order.
    for (let w = 0; w < writers; w += 1) {
      const positions = mine.filter((s) => s.event.metadata.streamId === `${prefix}-${w}`).map((s) => s.event.metadata.streamPosition);
      expect(positions).toEqual(Array.from({ length: appendsPerWriter }, (_, i) => i + 1));
    }

    const finalCheckpoint = await loadCheckpoint(ds, SCHEMA, reader);
    expect(finalCheckpoint).toEqual(seen[seen.length - 1].position);
    expect(await countBehind(ds, SCHEMA, finalCheckpoint)).toBe(0);
  });

  it('does not skip an event whose transaction took a lower position but committed later (and a naive reader would)', async () => {
    const { position: start } = await drain(LOG_START);
    const [{ max }] = await ds.query<{ max: string }[]>(`SELECT coalesce(max(global_position), 0)::text AS max FROM ${SCHEMA}.events`);
    let naiveLast = BigInt(max);
    const naiveSeen: string[] = [];
    const naiveRead = async (): Promise<void> => {
      const rows: { event_id: string; global_position: string }[] = await ds.query(
        `SELECT event_id, global_position::text AS global_position FROM ${SCHEMA}.events
         WHERE global_position > $1 ORDER BY global_position`,
        [naiveLast.toString()],
      );
      for (const row of rows) {
        naiveSeen.push(row.event_id);
        naiveLast = BigInt(row.global_position);
      }
    };

    // A: appends inside a transaction that stays open.
    const runner = ds.createQueryRunner();
    await runner.connect();
    let lateId: string;
    let latePosition: bigint;
    let lateTransaction: bigint;
    try {
      await runner.startTransaction();
      const late = await store.append(newStream('late'), [registered(1)], contextFor(), 0, runner.manager);
      lateId = late.events[0].metadata.eventId;
      const [row] = await runner.query(
        `SELECT global_position::text AS gp, transaction_id::text AS tx FROM ${SCHEMA}.events WHERE event_id = $1`,
        [lateId],
      );
      latePosition = BigInt(row.gp);
      lateTransaction = BigInt(row.tx);

      // B: five appends from other connections, committed while A is still open.
      const early = await Promise.all(
        [1, 2, 3, 4, 5].map((n) => store.append(newStream(`early-${n}`), [registered(n)], contextFor(), 0)),
      );
      const earlyIds = early.map((r) => r.events[0].metadata.eventId);
      const earlyRows: { gp: string; tx: string }[] = await ds.query(
        `SELECT global_position::text AS gp, transaction_id::text AS tx FROM ${SCHEMA}.events WHERE event_id = ANY($1::uuid[])`,
        [earlyIds],
      );
      // The scenario really is a gap: A holds a lower position and an older transaction than every B.
      expect(earlyRows).toHaveLength(5);
      for (const row of earlyRows) {
        expect(BigInt(row.gp)).toBeGreaterThan(latePosition);
        expect(BigInt(row.tx)).toBeGreaterThan(lateTransaction);
      }

      // While A is open, the gap-safe reader returns nothing at or past A: not even B's committed events.
      const whileOpen = await store.readAll(start, 100);
      expect(whileOpen.map((s) => s.event.metadata.eventId)).toEqual([]);
      // ... but the naive reader already moves past A's position to the end of B.
      await naiveRead();
      expect(naiveSeen.sort()).toEqual([...earlyIds].sort());
      expect(naiveLast).toBeGreaterThan(latePosition);

      await runner.commitTransaction();

      // The naive reader never sees A: its position is behind the naive reader's checkpoint.
      await naiveRead();
      expect(naiveSeen).not.toContain(lateId);
      const [{ n }] = await ds.query<{ n: string }[]>(`SELECT count(*)::text AS n FROM ${SCHEMA}.events WHERE event_id = $1`, [lateId]);
      expect(n).toBe('1');

      // The gap-safe follower, which started before A committed, sees A and every B exactly once, A first.
      const followed: StoredEvent[] = [...whileOpen];
      let position = start;
      const deadline = Date.now() + 30_000;
      while (!followed.some((s) => s.event.metadata.eventId === lateId) || followed.length < 6) {
        if (Date.now() > deadline) throw new Error('the follower never caught up after A committed');
        const batch = await store.readAll(position, 2);
        if (batch.length === 0) {
          await sleep(5);
          continue;
        }
        followed.push(...batch);
        position = batch[batch.length - 1].position;
      }
      followed.push(...(await drain(position)).events);
      const ids = followed.map((s) => s.event.metadata.eventId);
      expect(ids).toHaveLength(6);
      expect(ids[0]).toBe(lateId);
      expect(new Set(ids)).toEqual(new Set([lateId, ...earlyIds]));
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('orders by transaction id as a number, not as text, across a power-of-ten boundary (9999 -> 10000)', async () => {
    // Transaction ids of different lengths sort differently as text ('10000' < '9990'). Move the
    // cluster's xid counter to just below the next power of ten, then write across it.
    const [{ current }] = await ds.query<{ current: string }[]>('SELECT pg_current_xact_id()::text AS current');
    const boundary = 10n ** BigInt(current.length);
    const distance = boundary - BigInt(current);
    const margin = 150n;
    if (distance > 5_000_000n) {
      // Only on a long-lived server far from a boundary; the embedded test server always runs this.
      // eslint-disable-next-line no-console
      console.warn(`skipped the xid boundary check: xid ${current} is ${distance} transactions from ${boundary}`);
      return;
    }
    if (distance > margin) {
      const runner = ds.createQueryRunner();
      await runner.connect();
      try {
        await runner.query('SET synchronous_commit = off');
        await runner.query(
          `DO $$ BEGIN FOR i IN 1..${(distance - margin).toString()} LOOP PERFORM pg_current_xact_id(); COMMIT; END LOOP; END $$`,
        );
        await runner.query('RESET synchronous_commit');
      } finally {
        await runner.release();
      }
    }
    const { position: start } = await drain(LOG_START);

    const streamId = newStream('xid-boundary');
    const context = contextFor();
    const ids: string[] = [];
    for (let i = 0; i < Number(margin) * 2; i += 1) {
      ids.push((await store.append(streamId, [registered(i)], context, i)).events[0].metadata.eventId);
    }
    const rows: { tx: string }[] = await ds.query(
      `SELECT transaction_id::text AS tx FROM ${SCHEMA}.events WHERE stream_id = $1`,
      [streamId],
    );
    // The scenario is real: the stream's transactions straddle the boundary.
    expect(rows.some((r) => BigInt(r.tx) < boundary)).toBe(true);
    expect(rows.some((r) => BigInt(r.tx) >= boundary)).toBe(true);

    // Compared as indexes into `ids` (the order of the appends) to keep a failure readable.
    const order = (events: StoredEvent[]): number[] =>
      events.filter((s) => s.event.metadata.streamId === streamId).map((s) => ids.indexOf(s.event.metadata.eventId));
    const appendOrder = ids.map((_, i) => i);

    expect(order(await store.readAll(start, 10_000))).toEqual(appendOrder);

    const paged: StoredEvent[] = [];
    let position = start;
    for (let reads = 0; reads < 1_000; reads += 1) {
      const batch = await store.readAll(position, 25);
      if (batch.length === 0) break;
      paged.push(...batch);
      position = batch[batch.length - 1].position;
    }
    expect(order(paged)).toEqual(appendOrder);
    expect(paged.slice(1).filter((s, i) => compareLog(paged[i].position, s.position) >= 0)).toEqual([]);
  });

  it('pages through the log with any limit and gives the same sequence', async () => {
    await store.append(newStream('paging'), [registered(1), registered(2), registered(3)], contextFor(), 0);
    const all = (await drain(LOG_START)).events;
    expect(all.length).toBeGreaterThan(3);
    const paged: StoredEvent[] = [];
    let position = LOG_START;
    for (;;) {
      const batch = await store.readAll(position, 3);
      expect(batch.length).toBeLessThanOrEqual(3);
      if (batch.length === 0) break;
      paged.push(...batch);
      position = batch[batch.length - 1].position;
    }
    expect(paged).toEqual(all);
    expect(await store.readAll(all[all.length - 1].position, 100)).toEqual([]);
  });

  it('starts a reader without a checkpoint at the start of the log', async () => {
    expect(await loadCheckpoint(ds, SCHEMA, `nobody-${randomUUID()}`)).toEqual(LOG_START);
  });
});

describe('PostgresEventStore: what it refuses to write', () => {
  it('refuses an event type owned by another service, and writes nothing', async () => {
    const streamId = newStream('foreign');
    const before = await totalEvents();
    const routed: NewEvent = {
      type: 'CaseRouted',
      data: { owningDepartmentId: 'cs', handlingDepartmentId: 'eng', routingRuleId: 'r-1', policyVersion: 'p-1' },
    };
    const error = await rejectionOf(store.append(streamId, [registered(1), routed], contextFor(), 0), EventStoreError);
    expect(error.code).toBe(EventStoreErrorCode.ForeignEventType);
    expect(error.code).toBe('FOREIGN_EVENT_TYPE');
    expect(error.message).toMatch(/intake may not write CaseRouted: it belongs to routing/);
    expect(await totalEvents()).toBe(before);
    expect((await store.readStream(streamId)).version).toBe(0);
  });

  it('stores an older readable version as that version and reads every version in the current shape', async () => {
    const streamId = newStream('versions');
    const current = { ...upcastComplaintRegisteredV1(registeredData(3)), complainantSubjectId: randomUUID(), matterKey: 'b1' };
    const result = await store.append(streamId, [registered(1), { type: 'ComplaintRegistered', data: current }], contextFor(), 0);
    const rows: { schema_version: number }[] = await ds.query(`SELECT schema_version FROM ${SCHEMA}.events WHERE stream_id = $1 ORDER BY stream_position`, [streamId]);
    expect(rows.map((row) => row.schema_version)).toEqual([1, 3]);
    const read = (await store.readStream(streamId)).events;
    expect(read).toEqual(result.events);
    expect(read.map((event) => event.metadata.schemaVersion)).toEqual([3, 3]);
    expect(read[0].data).toEqual(upcastComplaintRegisteredV1(registeredData(1)));
    expect(read[1].data).toEqual(current);
  });

  it('refuses an unknown event type as a contract violation', async () => {
    const error = await rejectionOf(
      store.append(newStream('unknown'), [{ type: 'ComplaintTeleported', data: {} }], contextFor(), 0),
      EventContractViolation,
    );
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['type']);
  });

  it('refuses invalid data with an EventContractViolation naming the fields, and writes nothing', async () => {
    const streamId = newStream('invalid');
    const before = await totalEvents();
    const bad: NewEvent = { type: 'ComplaintRegistered', data: { ...registeredData(2), channel: 'carrier-pigeon', customerPhone: '138' } };
    const error = await rejectionOf(store.append(streamId, [registered(1), bad], contextFor(), 0), EventContractViolation);
    expect(error.eventType).toBe('ComplaintRegistered');
    expect(error.fieldErrors.map((e) => e.field).sort()).toEqual(['data.channel', 'data.customerPhone']);
    expect(await totalEvents()).toBe(before);
    expect((await store.readStream(streamId)).version).toBe(0);
  });
});

describe('the events table is append-only', () => {
  let eventId: string;
  let streamId: string;

  beforeAll(async () => {
    streamId = newStream('immutable');
    eventId = (await store.append(streamId, [registered(1)], contextFor(), 0)).events[0].metadata.eventId;
  });

  it('raises on UPDATE', async () => {
    await expect(ds.query(`UPDATE ${SCHEMA}.events SET mall_id = 'elsewhere' WHERE event_id = $1`, [eventId])).rejects.toThrow(
      /append-only \(UPDATE on events\)/,
    );
  });

  it('raises on DELETE', async () => {
    await expect(ds.query(`DELETE FROM ${SCHEMA}.events WHERE event_id = $1`, [eventId])).rejects.toThrow(
      /append-only \(DELETE on events\)/,
    );
  });

  it('raises on TRUNCATE', async () => {
    await expect(ds.query(`TRUNCATE ${SCHEMA}.events`)).rejects.toThrow(/append-only \(TRUNCATE on events\)/);
  });

  it('left the event as it was', async () => {
    const { events } = await store.readStream(streamId);
    expect(events).toHaveLength(1);
    expect(events[0].metadata).toMatchObject({ eventId, mallId: 'mall-sha-01' });
  });
});

describe('hasEventsAfter', () => {
  it('answers from the log-order index, without reading the table, however long the log', async () => {
    const probe = createServiceDataSource({ url: database.url, schema: SCHEMA, poolSize: 1 });
    extraDataSources.push(probe);
    await probe.initialize();
    const bulk = (rows: number) =>
      ds.query(
        `INSERT INTO ${SCHEMA}.events (stream_id, stream_position, event_id, event_type, schema_version, complaint_id, mall_id, data, metadata, occurred_at)
         SELECT 'bulk-' || gen_random_uuid(), 1, gen_random_uuid(), 'ComplaintRegistered', 1, gen_random_uuid(), 'mall-sha-01', '{}', '{}', now() FROM generate_series(1, $1::int) g`,
        [rows],
      );
    const head = async (): Promise<LogPosition> => {
      const [row] = await ds.query<{ transaction_id: string; global_position: string }[]>(
        `SELECT transaction_id::text, global_position::text FROM ${SCHEMA}.events ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1`,
      );
      return { transactionId: row.transaction_id, globalPosition: row.global_position };
    };
    // A reader 1 000 events behind, at the end of a 5 000-event log: what a relay under load asks.
    await bulk(4000);
    const behind = await head();
    await bulk(1000);
    await ds.query(`ANALYZE ${SCHEMA}.events`);
    const end = await head();
    // The pool's one backend: its statistics are flushed on demand and read back on the same connection.
    const sequentialScans = async (): Promise<number> => {
      await probe.query('SELECT pg_stat_force_next_flush()');
      await probe.query('SELECT pg_stat_clear_snapshot()');
      const [row] = await probe.query<{ n: string }[]>(`SELECT seq_scan::text AS n FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'events'`, [SCHEMA]);
      return Number(row.n);
    };
    const scansBefore = await sequentialScans();
    expect(await hasEventsAfter(probe, SCHEMA, behind)).toBe(true);
    expect(await hasEventsAfter(probe, SCHEMA, end)).toBe(false);
    expect((await sequentialScans()) - scansBefore).toBe(0);
  });
});

describe('migrateServiceSchema', () => {
  const appliedMigrations = async (dataSource: DataSource, schema: string): Promise<string[]> =>
    (await dataSource.query<{ name: string }[]>(`SELECT name FROM ${schema}.migrations ORDER BY id`)).map((r) => r.name);

  const openDataSource = async (schema: string): Promise<DataSource> => {
    const dataSource = createServiceDataSource({ url: database.url, schema, poolSize: 4 });
    extraDataSources.push(dataSource);
    await dataSource.initialize();
    return dataSource;
  };

  it('can run again on a migrated schema without changing anything', async () => {
    const before = await totalEvents();
    await migrateServiceSchema(ds, SCHEMA);
    await migrateServiceSchema(ds, SCHEMA);
    expect(await appliedMigrations(ds, SCHEMA)).toEqual(['EventStore1763900000000', 'EventStoreNotifyAfterCommit1765000000000']);
    expect(await totalEvents()).toBe(before);
  });

  it('takes the in-transaction NOTIFY trigger off a schema migrated before appends were announced after commit', async () => {
    const schema = 'analytics';
    const dataSource = await openDataSource(schema);
    await dataSource.query(`CREATE SCHEMA ${schema}`);
    await dataSource.query(`CREATE TABLE ${schema}.migrations (id serial PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL)`);
    await dataSource.query(`CREATE TABLE ${schema}.events (global_position bigint)`);
    await dataSource.query(`CREATE FUNCTION ${schema}.events_appended() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`);
    await dataSource.query(`CREATE TRIGGER events_appended AFTER INSERT ON ${schema}.events FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.events_appended()`);
    await dataSource.query(
      `INSERT INTO ${schema}.migrations ("timestamp", name) VALUES (1763900000000, 'EventStore1763900000000'), (1764900000000, 'EventStoreNotify1764900000000')`,
    );
    await migrateServiceSchema(dataSource, schema);
    expect(await appliedMigrations(dataSource, schema)).toEqual(['EventStore1763900000000', 'EventStoreNotify1764900000000', 'EventStoreNotifyAfterCommit1765000000000']);
    const left = await dataSource.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = '${schema}.events'::regclass AND NOT tgisinternal`);
    expect(left).toEqual([]);
  });

  it('can run concurrently from two DataSources on a migrated schema', async () => {
    const [a, b] = await Promise.all([openDataSource(SCHEMA), openDataSource(SCHEMA)]);
    await Promise.all([migrateServiceSchema(a, SCHEMA), migrateServiceSchema(b, SCHEMA)]);
    expect(await appliedMigrations(ds, SCHEMA)).toEqual(['EventStore1763900000000', 'EventStoreNotifyAfterCommit1765000000000']);
  });

  it('can run concurrently from two DataSources on a schema that does not exist yet', async () => {
    const schema = 'routing';
    const [a, b] = await Promise.all([openDataSource(schema), openDataSource(schema)]);
    await Promise.all([migrateServiceSchema(a, schema), migrateServiceSchema(b, schema)]);
    expect(await appliedMigrations(a, schema)).toEqual(['EventStore1763900000000', 'EventStoreNotifyAfterCommit1765000000000']);

    const routing = new PostgresEventStore(a, 'routing', schema);
    const streamId = newStream('routing');
    const routed = await routing.append(
      streamId,
      [{ type: 'CaseRouted', data: { owningDepartmentId: 'cs', handlingDepartmentId: 'eng', routingRuleId: 'r-1', policyVersion: 'p-1' } }],
      contextFor(),
      0,
    );
    expect(routed.nextExpectedVersion).toBe(1);
    const readBack: ComplaintEvent[] = (await routing.readStream(streamId)).events;
    expect(readBack.map((e) => e.type)).toEqual(['CaseRouted']);
    // The two schemas' logs are separate.
    expect((await store.readStream(streamId)).version).toBe(0);
  });
});

const positionsOf = async (streamIds: string[]): Promise<{ stream_id: string; stream_position: number; global_position: string; transaction_id: string }[]> =>
  ds.query(`SELECT stream_id, stream_position, global_position, transaction_id::text FROM ${SCHEMA}.events WHERE stream_id = ANY($1) ORDER BY global_position`, [streamIds]);

describe('PostgresEventStore.appendToStreams (many streams, one statement)', () => {
  it('appends each stream at its own version, in the order given, in one transaction, and reads them back together', async () => {
    const [a, b, c] = [`s-${randomUUID()}`, `s-${randomUUID()}`, `s-${randomUUID()}`];
    await store.append(b, [registered(1)], contextFor(), 0);
    const woken: string[] = [];
    const stop = LogSignal.onAppended((schema) => woken.push(schema));
    try {
      const results = await store.appendToStreams([
        { streamId: a, events: [registered(2), registered(3)], context: contextFor(), expectedVersion: 0 },
        { streamId: b, events: [registered(4)], context: contextFor(), expectedVersion: 1 },
        { streamId: c, events: [registered(5)], context: contextFor(), expectedVersion: 'any' },
      ]);
      expect(results.map((result) => [result.nextExpectedVersion, result.events.map((event) => event.metadata.streamPosition)])).toEqual([
        [2, [1, 2]],
        [2, [2]],
        [1, [1]],
      ]);
      // What the append hands back is what a read gives (built from the documents sent, not parsed back).
      const read = await store.readStreams([a, b, c]);
      expect(results.map((result) => result.events)).toEqual([read.get(a)?.events, read.get(b)?.events.slice(1), read.get(c)?.events]);
    } finally {
      stop();
    }
    expect(woken).toContain(SCHEMA);
    const rows = (await positionsOf([a, b, c])).filter((row) => !(row.stream_id === b && row.stream_position === 1));
    expect(rows.map((row) => [row.stream_id, row.stream_position])).toEqual([
      [a, 1],
      [a, 2],
      [b, 2],
      [c, 1],
    ]);
    expect(new Set(rows.map((row) => row.transaction_id)).size).toBe(1);
    const read = await store.readStreams([a, b, c, 'never-written']);
    expect([...read.entries()].map(([streamId, stream]) => [streamId, stream.version, stream.events.map((event) => (event.data as { caseNumber: string }).caseNumber.slice(-1))])).toEqual([
      [a, 2, ['2', '3']],
      [b, 2, ['1', '4']],
      [c, 1, ['5']],
      ['never-written', 0, []],
    ]);
  });

  it('appends nothing to any stream when one of them is not at its expected version', async () => {
    const [a, b] = [`s-${randomUUID()}`, `s-${randomUUID()}`];
    await store.append(b, [registered(1)], contextFor(), 0);
    await expect(
      store.appendToStreams([
        { streamId: a, events: [registered(2)], context: contextFor(), expectedVersion: 0 },
        { streamId: b, events: [registered(3)], context: contextFor(), expectedVersion: 0 },
      ]),
    ).rejects.toMatchObject({ streamId: b, expectedVersion: 0 });
    expect((await positionsOf([a, b])).map((row) => [row.stream_id, row.stream_position])).toEqual([[b, 1]]);
  });

  it('lets only one of two concurrent batches on the same stream win', async () => {
    const stream = `s-${randomUUID()}`;
    const outcomes = await Promise.allSettled(
      [1, 2].map((n) =>
        store.transaction(async (manager) => {
          const { version } = (await store.readStreams([stream], manager)).get(stream) ?? { version: 0 };
          await new Promise((resolve) => setTimeout(resolve, 50));
          return store.appendToStreams([{ streamId: stream, events: [registered(n)], context: contextFor(), expectedVersion: version }], manager);
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(StreamVersionConflict);
    expect((await positionsOf([stream])).map((row) => row.stream_position)).toEqual([1]);
  });
});
