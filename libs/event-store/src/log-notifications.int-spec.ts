import { randomUUID } from 'node:crypto';
import { createTestDatabase, registeredV1, type TestDatabase } from '@mallcare/testing';
import { Client, type Notification } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { createServiceDataSource, migrateServiceSchema } from './data-source';
import { LOG_APPENDED_CHANNEL, LogNotifications } from './log-notifications';
import { LogSignal } from './log-signal';
import { PostgresEventStore } from './postgres-event-store';

jest.setTimeout(60_000);

const until = async (done: () => boolean): Promise<void> => {
  for (let waited = 0; !done() && waited < 10_000; waited += 25) await new Promise((r) => setTimeout(r, 25));
};

describe('log notifications across processes (LISTEN/NOTIFY)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let notifications: LogNotifications;
  /** Another process, as PostgreSQL sees it: a connection of its own. */
  let other: Client;
  const heardByOther: string[] = [];
  const woken: string[] = [];
  let unsubscribe: () => void;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createServiceDataSource({ url: database.url, schema: 'intake' });
    await dataSource.initialize();
    await migrateServiceSchema(dataSource, 'intake');
    store = new PostgresEventStore(dataSource, 'intake', 'intake');
    unsubscribe = LogSignal.onAppended((schema) => woken.push(schema));
    notifications = new LogNotifications({ connectionString: database.url }, () => undefined);
    await notifications.start();
    other = new Client({ connectionString: database.url });
    await other.connect();
    other.on('notification', (message: Notification) => {
      if (message.channel === LOG_APPENDED_CHANNEL) heardByOther.push(message.payload ?? '');
    });
    await other.query(`LISTEN ${LOG_APPENDED_CHANNEL}`);
  });
  afterAll(async () => {
    unsubscribe();
    await other.end();
    await notifications.stop();
    await dataSource.destroy();
    await database.drop();
  });
  beforeEach(() => {
    heardByOther.length = 0;
    woken.length = 0;
  });

  const appendIn = (manager: EntityManager) => {
    const complaintId = randomUUID();
    const context = { complaintId, mallId: 'SH01', actor: { type: 'staff' as const, id: 'desk-7' }, correlationId: randomUUID(), causationId: null };
    return store.append(`complaint-${complaintId}`, [registeredV1(1)], context, 0, manager);
  };

  it('announces a commit of this process to the others after it, and wakes its own followers once', async () => {
    await store.transaction(appendIn);
    await until(() => heardByOther.length > 0);
    expect(heardByOther).toEqual(['intake']);
    // Its own announcement comes back to it and is not taken for another process's append.
    await other.query(`SELECT pg_notify('${LOG_APPENDED_CHANNEL}', 'routing')`);
    await until(() => woken.includes('routing'));
    expect(woken).toEqual(['intake', 'routing']);
  });

  it('a rolled-back transaction announces nothing', async () => {
    await expect(
      store.transaction(async (manager) => {
        await appendIn(manager);
        throw new Error('changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    // A later announcement proves the rollback's would have arrived before it, had there been one.
    LogSignal.appended('routing');
    await until(() => heardByOther.length > 0);
    expect(heardByOther).toEqual(['routing']);
  });

  it("wakes this process's followers when another process announces, with the schema", async () => {
    await other.query(`SELECT pg_notify('${LOG_APPENDED_CHANNEL}', 'routing')`);
    await until(() => woken.length > 0);
    expect(woken).toEqual(['routing']);
  });

  it('coalesces: many commits while one announcement is in flight go out together, each schema once', async () => {
    for (let n = 0; n < 200; n++) LogSignal.appended(n % 2 === 0 ? 'callback' : 'intake');
    await until(() => heardByOther.includes('callback') && heardByOther.includes('intake'));
    await new Promise((r) => setTimeout(r, 200));
    expect(heardByOther.length).toBeLessThanOrEqual(4);
    expect(new Set(heardByOther)).toEqual(new Set(['callback', 'intake']));
    expect(woken).toHaveLength(200);
  });
});
