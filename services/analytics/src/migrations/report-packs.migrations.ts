import { sqlMigration } from '@mallcare/event-store';

/** The files of the monthly packs: one per scope (mall code or `hq`), month and kind, so a rerun adds nothing. */
export const reportPacksMigrations = [
  sqlMigration('AnalyticsReportPacks1763900000900', [
    `CREATE TABLE analytics.report_packs (
       id uuid PRIMARY KEY,
       scope text NOT NULL,
       month text NOT NULL,
       kind text NOT NULL,
       file_name text NOT NULL,
       content_type text NOT NULL,
       bytes bytea NOT NULL,
       byte_length integer NOT NULL,
       sha256 text NOT NULL,
       figures_as_of timestamptz NOT NULL,
       trigger text NOT NULL,
       produced_at timestamptz NOT NULL,
       CONSTRAINT report_packs_scope_month_kind_uq UNIQUE (scope, month, kind)
     )`,
    `CREATE INDEX report_packs_month_idx ON analytics.report_packs (month, scope)`,
  ]),
];
