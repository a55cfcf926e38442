import { sqlMigration } from '@mallcare/event-store';

/** The case path table as AnalyticsCasePaths1763900000200 made it; later columns come from casePathsTableDdl's other steps. */
const casePathsFirstTableDdl = (table: string): string => `CREATE TABLE ${table} (
       complaint_id uuid NOT NULL,
       mall_id text NOT NULL,
       month text,
       week text,
       kind text,
       category text,
       channel text,
       owning_department_id text,
       handling_department_id text,
       severity text,
       handler_staff_id text,
       received_at timestamptz,
       resolved boolean NOT NULL DEFAULT false,
       closed boolean NOT NULL DEFAULT false,
       state jsonb NOT NULL,
       record jsonb,
       updated_at timestamptz NOT NULL DEFAULT now()
     )`;

/** A counted case, tested on the record: the counted-detail indexes' first predicate, the column `counted` since. */
const RECORD_COUNTED_PREDICATE = `record IS NOT NULL AND (record->>'collectiveCaseNumber') IS NULL`;

/**
 * `counted`: the row is a case of the counted-case detail (COUNTED_CASE_SQL), stored so the partial
 * indexes test it rather than `record`. An index predicate reading `record` made every change of the
 * record a non-HOT update (a new entry in each of the five indexes); with the predicate on this column
 * the record changes in place on its page, which fillfactor leaves room for (bench/README.md, "Night of 3 Dec 2026").
 */
const countedColumnDdl = (table: string): string[] => [
  `ALTER TABLE ${table} ADD COLUMN counted boolean NOT NULL GENERATED ALWAYS AS (${RECORD_COUNTED_PREDICATE}) STORED`,
  `ALTER TABLE ${table} SET (fillfactor = 80)`,
];

/** The table's columns, in the steps the migrations took; the rebuild's shadow table is made the same way. */
export const casePathsTableDdl = (table: string): string[] => [casePathsFirstTableDdl(table), ...countedColumnDdl(table)];

const countedDetailIndexDdl = (table: string, suffix: string, predicate = 'counted'): string[] => [
  `CREATE INDEX case_paths${suffix}_counted_month_idx ON ${table} (mall_id, month, received_at, complaint_id) WHERE ${predicate}`,
  `CREATE INDEX case_paths${suffix}_counted_week_idx ON ${table} (mall_id, week, received_at, complaint_id) WHERE ${predicate}`,
];

/**
 * Keys and indexes of the case path table (added after the rows when rebuilding). The period indexes
 * end in the detail's order (received_at, complaint_id), so each keyset page of an export is an index
 * range, not a sort of the whole month. The counted-detail ones are partial: the planner has no
 * statistics for the jsonb test behind `counted` and misjudged how many rows pass it, so each page
 * of an export read the whole month (~400 ms a page at 50,000 cases); over the partial index a page is a range.
 */
export const casePathsIndexDdl = (table: string, suffix = ''): string[] => [
  `ALTER TABLE ${table} ADD CONSTRAINT case_paths${suffix}_pkey PRIMARY KEY (complaint_id)`,
  `CREATE INDEX case_paths${suffix}_mall_month_idx ON ${table} (mall_id, month, received_at, complaint_id)`,
  `CREATE INDEX case_paths${suffix}_mall_week_idx ON ${table} (mall_id, week, received_at, complaint_id)`,
  ...countedDetailIndexDdl(table, suffix),
];

/** The indexes of casePathsIndexDdl besides the key, by their name without the table's suffix. */
export const CASE_PATHS_INDEX_NAMES = ['mall_month_idx', 'mall_week_idx', 'counted_month_idx', 'counted_week_idx'] as const;

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
  sqlMigration('AnalyticsCasePaths1763900000200', [
    casePathsFirstTableDdl('analytics.case_paths'),
    `ALTER TABLE analytics.case_paths ADD CONSTRAINT case_paths_pkey PRIMARY KEY (complaint_id)`,
    `CREATE INDEX case_paths_mall_month_idx ON analytics.case_paths (mall_id, month)`,
    `CREATE INDEX case_paths_mall_week_idx ON analytics.case_paths (mall_id, week)`,
    // A mall-month whose cases changed since its figures were computed; marked_at tells a refresh that raced a change.
    `CREATE TABLE analytics.mall_month_dirty (
       mall_id text NOT NULL,
       month text NOT NULL,
       marked_at timestamptz NOT NULL,
       PRIMARY KEY (mall_id, month)
     )`,
    `CREATE TABLE analytics.mall_month_figures (
       mall_id text NOT NULL,
       month text NOT NULL,
       figures jsonb NOT NULL,
       details jsonb NOT NULL,
       computed_at timestamptz NOT NULL,
       PRIMARY KEY (mall_id, month)
     )`,
    `CREATE INDEX mall_month_figures_month_idx ON analytics.mall_month_figures (month)`,
    `CREATE TABLE analytics.case_library (
       complaint_id uuid PRIMARY KEY,
       mall_id text NOT NULL,
       category text NOT NULL,
       note text NOT NULL,
       marked_by text NOT NULL,
       marked_at timestamptz NOT NULL
     )`,
    `CREATE INDEX case_library_category_idx ON analytics.case_library (category, marked_at DESC)`,
    // The counts read case_paths now; case_facts had no other reader.
    `DROP TABLE analytics.case_facts`,
  ]),
  // The exports page through a period in (received_at, complaint_id) order; see casePathsIndexDdl.
  sqlMigration('AnalyticsCasePathsDetailOrder1763900000300', [
    `DROP INDEX analytics.case_paths_mall_month_idx`,
    `CREATE INDEX case_paths_mall_month_idx ON analytics.case_paths (mall_id, month, received_at, complaint_id)`,
    `DROP INDEX analytics.case_paths_mall_week_idx`,
    `CREATE INDEX case_paths_mall_week_idx ON analytics.case_paths (mall_id, week, received_at, complaint_id)`,
  ]),
  // The detail pages of an export over the counted cases only; see casePathsIndexDdl.
  sqlMigration('AnalyticsCountedCaseDetail1764950000100', countedDetailIndexDdl('analytics.case_paths', '', RECORD_COUNTED_PREDICATE)),
  // A commit that marked mall-months stale wakes the figures refresher through the log announcement its
  // inbox already makes after the commit (MallMonthFiguresService). The trigger that notified from inside
  // the marking transaction (AnalyticsFiguresStaleNotify1764950000200, in schemas migrated before this)
  // held the database-wide NOTIFY lock through every analytics commit (bench/README.md, section 1).
  sqlMigration('AnalyticsFiguresStaleAfterCommit1765100000000', [
    `DROP TRIGGER IF EXISTS mall_month_marked ON analytics.mall_month_dirty`,
    `DROP FUNCTION IF EXISTS analytics.mall_month_marked()`,
  ]),
  // The counted-detail indexes test a stored column instead of the record, so a record's change is a HOT update; see countedColumnDdl.
  sqlMigration('AnalyticsCasePathsCountedColumn1765200000000', [
    `DROP INDEX analytics.case_paths_counted_month_idx`,
    `DROP INDEX analytics.case_paths_counted_week_idx`,
    ...countedColumnDdl('analytics.case_paths'),
    ...countedDetailIndexDdl('analytics.case_paths', ''),
  ]),
];
