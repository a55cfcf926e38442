import { DataSource } from 'typeorm';
import { eventStoreMigration, logNotifyMigration, type MigrationClass } from './event-store.schema';

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

export const createServiceDataSource = (options: ServiceDataSourceOptions): DataSource =>
  new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    migrationsTableName: 'migrations',
    migrations: [eventStoreMigration(options.schema), logNotifyMigration(options.schema), ...(options.migrations ?? [])],
    migrationsRun: false,
    synchronize: false,
    logging: false,
    applicationName: options.applicationName ?? `mallcare-${options.schema}`,
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 0 },
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
