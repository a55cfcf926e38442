import { createTestDatabase, type TestDatabase } from '@mallcare/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createServiceDataSource } from './data-source';

jest.setTimeout(60_000);

describe('a service data source whose server drops a connection', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createServiceDataSource({ url: database.url, schema: 'public', poolSize: 2 });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('lives on when a checked-out connection is cut between two queries; the next query fails, the pool serves the one after', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    const [{ pid }] = (await runner.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await admin.end();
    // The client hears its socket close while no query of its own runs (unheard, that 'error' ends the process).
    await new Promise((done) => setTimeout(done, 500));
    await expect(runner.query('SELECT 1')).rejects.toThrow();
    await runner.release().catch(() => undefined);
    expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it("hears a client's 'error' when neither the pool nor TypeORM listens (the hand-over between them): no throw", async () => {
    const runner = dataSource.createQueryRunner();
    const client = (await runner.connect()) as Client;
    // TypeORM's query runner listened last, once the pool had handed the client over and stopped listening.
    const typeorm = client.listeners('error').at(-1) as (error: Error) => void;
    client.off('error', typeorm);
    try {
      expect(() => client.emit('error', new Error('Connection terminated unexpectedly'))).not.toThrow();
    } finally {
      client.on('error', typeorm);
      await runner.release();
    }
  });
});
