import { sqlMigration } from '@mallcare/event-store';

/**
 * The durable timers and the clocks read model. `clock_cases` keeps each case's facts and the next
 * instant its clocks need looking at (indexed); the scheduler claims due rows with FOR UPDATE SKIP
 * LOCKED and appends what fell due in the same transaction, so a crash neither loses nor repeats it.
 */
export const clocksMigrations = [
  sqlMigration('SlaMonitorClocks1763990000100', [
    `CREATE TABLE sla_monitor.clock_cases (
       complaint_id uuid PRIMARY KEY,
       mall_id text NOT NULL,
       facts jsonb NOT NULL,
       next_fire_at timestamptz,
       updated_at timestamptz NOT NULL
     )`,
    `CREATE INDEX clock_cases_next_fire_idx ON sla_monitor.clock_cases (next_fire_at) WHERE next_fire_at IS NOT NULL`,
    `CREATE TABLE sla_monitor.clocks (
       complaint_id uuid NOT NULL,
       clock_id text NOT NULL,
       mall_id text NOT NULL,
       department_id text,
       kind text NOT NULL,
       state text NOT NULL,
       started_at timestamptz NOT NULL,
       due_at timestamptz NOT NULL,
       escalations integer NOT NULL DEFAULT 0,
       policy_version text NOT NULL,
       updated_at timestamptz NOT NULL,
       PRIMARY KEY (complaint_id, clock_id)
     )`,
    `CREATE INDEX clocks_open_due_idx ON sla_monitor.clocks (due_at) WHERE state <> 'met'`,
    `CREATE INDEX clocks_mall_department_idx ON sla_monitor.clocks (mall_id, department_id, state, due_at)`,
    `CREATE TABLE sla_monitor.notification_outbox (
       id bigserial PRIMARY KEY,
       notification_key text NOT NULL UNIQUE,
       complaint_id uuid NOT NULL,
       staff_id text,
       rung text NOT NULL,
       subject text NOT NULL,
       body jsonb NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(),
       sent_at timestamptz
     )`,
    `CREATE INDEX notification_outbox_unsent_idx ON sla_monitor.notification_outbox (id) WHERE sent_at IS NULL`,
  ]),
];
