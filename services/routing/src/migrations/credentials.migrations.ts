import { sqlMigration } from '@mallcare/event-store';

/** Staff passwords (argon2id hashes): protected data kept here only, never in events or logs. */
export const credentialsMigrations = [
  sqlMigration('RoutingStaffCredentials1764650000000', [
    `CREATE TABLE routing.staff_credentials (
       staff_id text PRIMARY KEY,
       password_hash text NOT NULL,
       set_at timestamptz NOT NULL,
       set_by text NOT NULL
     )`,
  ]),
];
