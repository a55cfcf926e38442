import { sqlMigration } from '@mallcare/event-store';

/**
 * Staff passwords (argon2id hashes) and sign-in failure counts: protected data kept here only, never
 * in events or logs. The counts are rows, so every instance of routing sees the same lock.
 */
export const credentialsMigrations = [
  sqlMigration('RoutingStaffCredentials1764650000000', [
    `CREATE TABLE routing.staff_credentials (
       staff_id text PRIMARY KEY,
       password_hash text NOT NULL,
       set_at timestamptz NOT NULL,
       set_by text NOT NULL
     )`,
    `CREATE TABLE routing.sign_in_failures (
       staff_id text PRIMARY KEY,
       failures integer NOT NULL,
       window_started_at timestamptz NOT NULL,
       locked_until timestamptz
     )`,
  ]),
];
