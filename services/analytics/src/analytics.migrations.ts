import { sqlMigration } from '@mallcare/event-store';

export const analyticsMigrations = [
  sqlMigration('AnalyticsReadModels1763900000100', [
    `CREATE TABLE analytics.case_facts (
       complaint_id uuid PRIMARY KEY,
       mall_id text NOT NULL,
       kind text,
       category text,
       channel text,
       owning_department_id text,
       handling_department_id text,
       received_at timestamptz,
       resolved_at timestamptz
     )`,
    `CREATE INDEX case_facts_mall_idx ON analytics.case_facts (mall_id, handling_department_id)`,
  ]),
];
