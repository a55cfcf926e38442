import type { DataSource, EntityManager } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** What TypeORM hands out as a PostgreSQL connection (QueryRunner.connect, PostgresDriver.obtainMasterConnection): pg's client, which takes named statements. */
interface PreparedQueryClient {
  query<Row>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
}

/**
 * Runs `text` as a named statement, parsed and planned once per connection; TypeORM's query() sends
 * an unnamed one that PostgreSQL plans on every call (measured on the event store's append: 44% less
 * server CPU per event, bench/README.md). For statements on a hot path only: each name must always
 * carry the same text. Inside a transaction it runs on the transaction's connection; else on one
 * taken from the pool with the driver's obtainMasterConnection and given back at once (a QueryRunner
 * per statement measured ~15% more client CPU per append in the store bench).
 */
export const preparedQuery = async <Row>(target: { manager?: EntityManager; dataSource?: DataSource }, name: string, text: string, values: unknown[]): Promise<Row[]> => {
  const runner = target.manager?.queryRunner;
  if (runner) {
    const client: PreparedQueryClient = await runner.connect();
    return (await client.query<Row>({ name, text, values })).rows;
  }
  if (target.manager) return target.manager.query(text, values);
  const driver = target.dataSource?.driver;
  if (!(driver instanceof PostgresDriver)) throw new Error('preparedQuery needs a transaction or a PostgreSQL data source');
  const [connection, release] = await driver.obtainMasterConnection();
  const client: PreparedQueryClient = connection;
  try {
    return (await client.query<Row>({ name, text, values })).rows;
  } finally {
    release();
  }
};

/** A statement run by name (preparedQuery): each name must always carry the same text. */
export interface NamedStatement {
  name: string;
  text: string;
  values: unknown[];
}

/**
 * The row `lock` selects FOR UPDATE in the caller's transaction, made first by `create` (an INSERT …
 * ON CONFLICT DO NOTHING) when there is none. For a projection's row per case, which most events find
 * already there: the insert is tried only for a case's first, where an insert before every lock was a
 * statement more for each event.
 */
export const lockOrCreate = async <Row>(manager: EntityManager, lock: NamedStatement, create: NamedStatement): Promise<Row> => {
  const locked = (): Promise<Row[]> => preparedQuery<Row>({ manager }, lock.name, lock.text, lock.values);
  const found = await locked();
  if (found.length > 0) return found[0];
  await preparedQuery({ manager }, create.name, create.text, create.values);
  // Made in this transaction or by one that committed first: either way there now, and locked.
  const [made] = await locked();
  if (made === undefined) throw new Error(`${lock.name}: no row after ${create.name}`);
  return made;
};
