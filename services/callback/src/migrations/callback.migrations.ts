import { sqlMigration } from '@mallcare/event-store';

export const callbackMigrations = [
  sqlMigration('CallbackReadModels1763900000100', [
    `CREATE TABLE callback.due_callbacks (
       complaint_id uuid PRIMARY KEY,
       mall_id text NOT NULL,
       owning_department_id text NOT NULL,
       due_at timestamptz NOT NULL
     )`,
    `CREATE INDEX due_callbacks_mall_due_idx ON callback.due_callbacks (mall_id, due_at)`,
  ]),
  // The callback desk's queue, the case facts the callback needs from routing's events, the outcomes
  // (every round, for the metrics) and HQ's sample callbacks, kept apart.
  sqlMigration('CallbackDeskAndSamples1763900000200', [
    `ALTER TABLE callback.due_callbacks
       ADD COLUMN status text NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'reopen-requested', 'closed', 'withdrawn')),
       ADD COLUMN round integer NOT NULL DEFAULT 1,
       ADD COLUMN resolved_at timestamptz,
       ADD COLUMN attempts integer NOT NULL DEFAULT 0,
       ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0,
       ADD COLUMN last_attempt_at timestamptz,
       ADD COLUMN closed_because text,
       ADD COLUMN satisfaction text,
       ADD COLUMN completed_at timestamptz`,
    `CREATE INDEX due_callbacks_status_idx ON callback.due_callbacks (status, mall_id, due_at)`,
    `CREATE TABLE callback.case_facts (
       complaint_id uuid PRIMARY KEY,
       mall_id text NOT NULL,
       case_number text,
       complainant_type text,
       written boolean NOT NULL DEFAULT false,
       written_reply_approved boolean NOT NULL DEFAULT false,
       severity text
     )`,
    `CREATE TABLE callback.callback_outcomes (
       event_id uuid PRIMARY KEY,
       complaint_id uuid NOT NULL,
       mall_id text NOT NULL,
       round integer NOT NULL,
       outcome text NOT NULL CHECK (outcome IN ('satisfied', 'not-satisfied', 'unreachable')),
       satisfaction text,
       recorded_at timestamptz NOT NULL
     )`,
    `CREATE INDEX callback_outcomes_mall_idx ON callback.callback_outcomes (mall_id, outcome)`,
    `CREATE TABLE callback.hq_sample_callbacks (
       sample_id uuid NOT NULL,
       complaint_id uuid NOT NULL,
       mall_id text NOT NULL,
       severity text NOT NULL,
       drawn_by text NOT NULL,
       drawn_at timestamptz NOT NULL,
       method text,
       reached boolean,
       satisfaction text,
       solved boolean,
       comment text,
       recorded_by text,
       recorded_at timestamptz,
       PRIMARY KEY (sample_id, complaint_id)
     )`,
    `CREATE INDEX hq_sample_callbacks_mall_idx ON callback.hq_sample_callbacks (mall_id, drawn_at DESC)`,
  ]),
];
