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

/** The channel a commit that records a policy version notifies, with the service's schema as payload (PolicyStore listens). */
export const POLICY_RECORDED_CHANNEL = 'mallcare_policy_recorded';

/** A commit adding policy versions notifies POLICY_RECORDED_CHANNEL, so the service's other instances take them at once. */
export const policyVersionsNotifyMigration = (schema: string): MigrationClass =>
  sqlMigration('PolicyVersionsNotify1764950000000', [
    `CREATE OR REPLACE FUNCTION ${schema}.policy_versions_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN PERFORM pg_notify('${POLICY_RECORDED_CHANNEL}', TG_TABLE_SCHEMA); RETURN NULL; END $$`,
    `DROP TRIGGER IF EXISTS policy_versions_recorded ON ${schema}.policy_versions`,
    `CREATE TRIGGER policy_versions_recorded AFTER INSERT ON ${schema}.policy_versions
     FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.policy_versions_recorded()`,
  ]);
