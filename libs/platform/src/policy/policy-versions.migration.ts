import { sqlMigration, type MigrationClass } from '@mallcare/event-store';

/** Every service keeps the policy versions it consumed, so a restart knows them without a replay. */
export const policyVersionsMigration = (schema: string): MigrationClass =>
  sqlMigration('PolicyVersions1763900000050', [
    `CREATE TABLE IF NOT EXISTS ${schema}.policy_versions (
       revision integer PRIMARY KEY,
       version text NOT NULL,
       effective_from timestamptz NOT NULL,
       policy jsonb NOT NULL,
       event_id uuid NOT NULL,
       recorded_at timestamptz NOT NULL DEFAULT now()
     )`,
  ]);
