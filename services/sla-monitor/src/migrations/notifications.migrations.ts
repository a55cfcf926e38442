import { sqlMigration } from '@mallcare/event-store';

/**
 * Delivery of the outbox's notifications. Each decided notification fans out, in the deciding
 * transaction, into one `notification_deliveries` row per channel (per person, or per group robot
 * for a decision). Workers claim rows with FOR UPDATE SKIP LOCKED and a lease, record every try in
 * `notification_attempts`, and end each row sent or failed. The inbox is the console's channel;
 * contact details are sealed (AES-256-GCM), opt-outs are per person, kind and channel.
 */
export const notificationsMigrations = [
  sqlMigration('SlaMonitorNotificationDelivery1764600000100', [
    `CREATE TABLE sla_monitor.notification_deliveries (
       id bigserial PRIMARY KEY,
       delivery_key text NOT NULL UNIQUE,
       notification_key text NOT NULL,
       complaint_id uuid NOT NULL,
       mall_id text NOT NULL,
       department_id text,
       staff_id text,
       robot_id text,
       channel text NOT NULL,
       kind text NOT NULL,
       rung text NOT NULL,
       payload jsonb NOT NULL,
       status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
       attempts integer NOT NULL DEFAULT 0,
       next_attempt_at timestamptz NOT NULL DEFAULT now(),
       claimed_by text,
       claim_id uuid,
       lease_until timestamptz,
       last_error text,
       decided_at timestamptz NOT NULL,
       sent_at timestamptz,
       failed_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now(),
       CHECK ((staff_id IS NULL) <> (robot_id IS NULL))
     )`,
    `CREATE INDEX notification_deliveries_due_idx ON sla_monitor.notification_deliveries (next_attempt_at) WHERE status = 'pending'`,
    `CREATE INDEX notification_deliveries_failed_idx ON sla_monitor.notification_deliveries (failed_at DESC) WHERE status = 'failed'`,
    `CREATE TABLE sla_monitor.notification_attempts (
       id bigserial PRIMARY KEY,
       delivery_id bigint NOT NULL REFERENCES sla_monitor.notification_deliveries (id),
       attempt integer NOT NULL,
       worker text NOT NULL,
       started_at timestamptz NOT NULL,
       finished_at timestamptz NOT NULL,
       outcome text NOT NULL CHECK (outcome IN ('accepted', 'failed')),
       error text,
       provider_reference text
     )`,
    `CREATE INDEX notification_attempts_delivery_idx ON sla_monitor.notification_attempts (delivery_id, attempt)`,
    `CREATE TABLE sla_monitor.notification_inbox (
       id bigserial PRIMARY KEY,
       delivery_id bigint NOT NULL UNIQUE REFERENCES sla_monitor.notification_deliveries (id),
       staff_id text NOT NULL,
       complaint_id uuid NOT NULL,
       case_number text,
       kind text NOT NULL,
       rung text NOT NULL,
       title text NOT NULL,
       body text NOT NULL,
       link text NOT NULL,
       due_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now(),
       read_at timestamptz
     )`,
    `CREATE INDEX notification_inbox_staff_idx ON sla_monitor.notification_inbox (staff_id, id DESC)`,
    `CREATE INDEX notification_inbox_unread_idx ON sla_monitor.notification_inbox (staff_id) WHERE read_at IS NULL`,
    `CREATE TABLE sla_monitor.staff_contacts (
       staff_id text PRIMARY KEY,
       email bytea,
       mobile bytea,
       updated_at timestamptz NOT NULL
     )`,
    `CREATE TABLE sla_monitor.notification_opt_outs (
       staff_id text NOT NULL,
       kind text NOT NULL,
       channel text NOT NULL,
       PRIMARY KEY (staff_id, kind, channel)
     )`,
    `CREATE TABLE sla_monitor.notification_cases (
       complaint_id uuid PRIMARY KEY,
       mall_id text NOT NULL,
       case_number text,
       owning_department_id text,
       updated_at timestamptz NOT NULL
     )`,
  ]),
];
