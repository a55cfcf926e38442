import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables every service owns in its own schema: its event log (append-only, one row per event,
 * the database enforces stream versions), the inbox of events it has handled, its readers'
 * checkpoints and the events it could not handle.
 */
export const eventStoreDdl = (schema: string): string[] => [
  `CREATE TABLE IF NOT EXISTS ${schema}.events (
     global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
     stream_id text NOT NULL,
     stream_position integer NOT NULL,
     event_id uuid NOT NULL,
     event_type text NOT NULL,
     schema_version integer NOT NULL,
     complaint_id uuid NOT NULL,
     mall_id text NOT NULL,
     data jsonb NOT NULL,
     metadata jsonb NOT NULL,
     occurred_at timestamptz NOT NULL,
     recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
     CONSTRAINT events_stream_position_uq UNIQUE (stream_id, stream_position),
     CONSTRAINT events_event_id_uq UNIQUE (event_id)
   )`,
  `CREATE INDEX IF NOT EXISTS events_log_order_idx ON ${schema}.events (transaction_id, global_position)`,
  `CREATE INDEX IF NOT EXISTS events_complaint_idx ON ${schema}.events (complaint_id, global_position)`,
  `CREATE OR REPLACE FUNCTION ${schema}.events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN RAISE EXCEPTION 'the event log is append-only (% on %)', TG_OP, TG_TABLE_NAME; END $$`,
  `DROP TRIGGER IF EXISTS events_append_only ON ${schema}.events`,
  `CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON ${schema}.events
     FOR EACH ROW EXECUTE FUNCTION ${schema}.events_are_append_only()`,
  `DROP TRIGGER IF EXISTS events_no_truncate ON ${schema}.events`,
  `CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON ${schema}.events
     FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.events_are_append_only()`,
  `CREATE TABLE IF NOT EXISTS ${schema}.inbox (
     event_id uuid PRIMARY KEY,
     event_type text NOT NULL,
     handled_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS ${schema}.checkpoints (
     reader text PRIMARY KEY,
     transaction_id xid8 NOT NULL,
     global_position bigint NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS ${schema}.dead_letters (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     event_id text,
     event_type text,
     source text NOT NULL,
     payload text NOT NULL,
     error text NOT NULL,
     attempts integer NOT NULL,
     failed_at timestamptz NOT NULL DEFAULT now()
   )`,
];

export type MigrationClass = new () => MigrationInterface;

/** TypeORM wants migration classes; this one is made per schema. */
export const sqlMigration = (name: string, statements: string[]): MigrationClass =>
  class implements MigrationInterface {
    readonly name = name;
    async up(queryRunner: QueryRunner): Promise<void> {
      for (const statement of statements) await queryRunner.query(statement);
    }
    async down(): Promise<void> {
      throw new Error(`${name} is not reversible`);
    }
  };

export const eventStoreMigration = (schema: string): MigrationClass =>
  sqlMigration('EventStore1763900000000', eventStoreDdl(schema));

/**
 * Appends were announced by a trigger inside the appending transaction until the writer announced
 * them after its commit (LogNotifications): a NOTIFY inside the transaction serialised every appending
 * commit of the database. Databases migrated before that lose the trigger here.
 */
export const notifyAfterCommitMigration = (schema: string): MigrationClass =>
  sqlMigration('EventStoreNotifyAfterCommit1765000000000', [
    `DROP TRIGGER IF EXISTS events_appended ON ${schema}.events`,
    `DROP FUNCTION IF EXISTS ${schema}.events_appended()`,
  ]);
