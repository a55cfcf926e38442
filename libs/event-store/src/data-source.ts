import { Client, type ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { eventStoreMigration, notifyAfterCommitMigration, type MigrationClass } from './event-store.schema';

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own PostgreSQL schema; every table it writes lives there. */
  schema: string;
  /** Migrations of the service's own read models, run after the event store's. */
  migrations?: MigrationClass[];
  poolSize?: number;
  applicationName?: string;
  /** How long a query waits for a connection (the server unreachable, the pool exhausted) before failing; 0 waits. */
  connectTimeoutMs?: number;
}

/**
 * pg's client emits 'error' when its server goes away. The pool listens only while a client is idle; one
 * checked out between two queries (a batch's transaction, a held advisory lock) has no listener, and Node
 * ends the process on an unheard 'error'. Heard here, it changes nothing else: the next query on that
 * client fails and is handled as the database being unavailable.
 */
class ServiceDatabaseClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

export const createServiceDataSource = (options: ServiceDataSourceOptions): DataSource =>
  new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    migrationsTableName: 'migrations',
    migrations: [eventStoreMigration(options.schema), notifyAfterCommitMigration(options.schema), ...(options.migrations ?? [])],
    migrationsRun: false,
    synchronize: false,
    logging: false,
    applicationName: options.applicationName ?? `mallcare-${options.schema}`,
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 0, Client: ServiceDatabaseClient },
  });

/** Creates the schema and runs pending migrations, one instance at a time across processes. */
export const migrateServiceSchema = async (dataSource: DataSource, schema: string): Promise<void> => {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`mallcare-migrate:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`mallcare-migrate:${schema}`]).catch(() => undefined);
    await runner.release();
  }
};
