import { randomUUID } from 'node:crypto';
import { createTestDatabase, registeredV1, type TestDatabase } from '@mallcare/testing';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, migrateServiceSchema } from './data-source';
import { StreamVersionConflict } from './event-store.errors';
import { PostgresEventStore, type AlongsideWrites, type AppendContext } from './postgres-event-store';
import { rawSql, sql } from './sql';

jest.setTimeout(120_000);

const SCHEMA = 'intake';

let database: TestDatabase;
let ds: DataSource;
let store: PostgresEventStore;


const contextFor = (complaintId = randomUUID()): AppendContext => ({
  complaintId,
  mallId: 'mall-sha-01',
  actor: { type: 'staff', id: 'desk-7' },
  correlationId: randomUUID(),
  causationId: null,
});

/** A row of a caller's own table, written in the append's statement. */
const noteAlongside = (id: string, note: string): AlongsideWrites => ({
  name: 'test-note',
  statements: [sql`INSERT INTO ${rawSql(SCHEMA)}.test_notes (id, note, first_event) SELECT ${id}::uuid, ${note}::text, min(event_id::text) FROM appended`],
});

const notes = async (id: string): Promise<{ note: string; first_event: string }[]> =>
  ds.query(`SELECT note, first_event FROM ${SCHEMA}.test_notes WHERE id = $1`, [id]);

beforeAll(async () => {
  database = await createTestDatabase();
  ds = createServiceDataSource({ url: database.url, schema: SCHEMA, poolSize: 4 });
  await ds.initialize();
  await migrateServiceSchema(ds, SCHEMA);
  await ds.query(`CREATE TABLE ${SCHEMA}.test_notes (id uuid PRIMARY KEY, note text NOT NULL, first_event text)`);
  store = new PostgresEventStore(ds, 'intake', SCHEMA);
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await database?.drop();
});

describe('PostgresEventStore.append with writes alongside', () => {
  it('writes the caller’s rows in the append’s statement, seeing the appended events', async () => {
    const id = randomUUID();
    const streamId = `complaint-${randomUUID()}`;
    const result = await ds.transaction((manager) => store.append(streamId, [registeredV1(1)], contextFor(), 0, manager, noteAlongside(id, 'first')));
    expect(result.events).toHaveLength(1);
    expect(await notes(id)).toEqual([{ note: 'first', first_event: result.events[0].metadata.eventId }]);
    expect((await store.readStream(streamId)).version).toBe(1);
  });

  it('a stream at another version is a StreamVersionConflict, and the transaction keeps none of the writes', async () => {
    const streamId = `complaint-${randomUUID()}`;
    await store.append(streamId, [registeredV1(2)], contextFor(), 0);
    const id = randomUUID();
    await expect(ds.transaction((manager) => store.append(streamId, [registeredV1(3)], contextFor(), 0, manager, noteAlongside(id, 'lost')))).rejects.toBeInstanceOf(
      StreamVersionConflict,
    );
    expect(await notes(id)).toEqual([]);
    expect((await store.readStream(streamId)).version).toBe(1);
  });

  it('a unique key of the writes alongside is reported as it is, not as a concurrent append', async () => {
    const id = randomUUID();
    await ds.transaction((manager) => store.append(`complaint-${randomUUID()}`, [registeredV1(4)], contextFor(), 0, manager, noteAlongside(id, 'once')));
    const streamId = `complaint-${randomUUID()}`;
    const failure = await ds
      .transaction((manager) => store.append(streamId, [registeredV1(5)], contextFor(), 0, manager, noteAlongside(id, 'twice')))
      .then(() => null, (error: unknown) => error);
    expect(failure).not.toBeNull();
    expect(failure).not.toBeInstanceOf(StreamVersionConflict);
    expect((failure as { code?: string }).code).toBe('23505');
    expect((await store.readStream(streamId)).version).toBe(0);
  });

  it('needs the caller’s transaction', async () => {
    await expect(store.append(`complaint-${randomUUID()}`, [registeredV1(6)], contextFor(), 0, undefined, noteAlongside(randomUUID(), 'x'))).rejects.toThrow(/transaction/);
  });
});
