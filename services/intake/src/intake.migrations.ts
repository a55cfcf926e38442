import { sqlMigration } from '@mallcare/event-store';

export const intakeMigrations = [
  sqlMigration('IntakeReadModels1763900000100', [
    `CREATE TABLE intake.case_number_counters (
       mall_id text NOT NULL,
       day date NOT NULL,
       last integer NOT NULL,
       PRIMARY KEY (mall_id, day)
     )`,
    `CREATE TABLE intake.timeline_entries (
       seq bigint GENERATED ALWAYS AS IDENTITY,
       event_id uuid PRIMARY KEY,
       complaint_id uuid NOT NULL,
       service text NOT NULL,
       event_type text NOT NULL,
       occurred_at timestamptz NOT NULL,
       recorded_at timestamptz NOT NULL,
       actor jsonb NOT NULL,
       data jsonb NOT NULL
     )`,
    `CREATE INDEX timeline_entries_complaint_idx ON intake.timeline_entries (complaint_id, recorded_at)`,
  ]),
];
