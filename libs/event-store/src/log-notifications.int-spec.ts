import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@mallcare/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, migrateServiceSchema } from './data-source';
import { LogNotifications } from './log-notifications';
import { LogSignal } from './log-signal';

jest.setTimeout(60_000);

/** Another process's append, as the log sees it: a plain INSERT on its own connection. */
const insertEvent = async (url: string, commit: boolean): Promise<void> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  const complaintId = randomUUID();
  await client.query('BEGIN');
  for (let n = 1; n <= 3; n++) {
    await client.query(
      `INSERT INTO callback.events (stream_id, stream_position, event_id, event_type, schema_version, complaint_id, mall_id, data, metadata, occurred_at)
       VALUES ($1, $2, $3, 'CallbackScheduled', 1, $4, 'SH01', '{}', '{}', now())`,
      [`callback-${complaintId}`, n, randomUUID(), complaintId],
    );
  }
  await client.query(commit ? 'COMMIT' : 'ROLLBACK');
  await client.end();
};

describe('log notifications across processes (LISTEN/NOTIFY)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let notifications: LogNotifications;
  const signals: string[] = [];
  let unsubscribe: () => void;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createServiceDataSource({ url: database.url, schema: 'callback' });
    await dataSource.initialize();
    await migrateServiceSchema(dataSource, 'callback');
    unsubscribe = LogSignal.onAppended((schema) => signals.push(schema));
    notifications = new LogNotifications({ connectionString: database.url }, () => undefined);
    await notifications.start();
  });
  afterAll(async () => {
    unsubscribe();
    await notifications.stop();
    await dataSource.destroy();
    await database.drop();
  });

  const signalled = async (count: number): Promise<void> => {
    for (let waited = 0; signals.length < count && waited < 10_000; waited += 25) await new Promise((r) => setTimeout(r, 25));
  };

  it('wakes this process once per committing transaction of another, with the schema; a rollback wakes nobody', async () => {
    await insertEvent(database.url, false);
    await insertEvent(database.url, true);
    await signalled(1);
    // A later commit proves the rollback's notification would have arrived before it, had there been one.
    await insertEvent(database.url, true);
    await signalled(2);
    expect(signals).toEqual(['callback', 'callback']);
  });
});
