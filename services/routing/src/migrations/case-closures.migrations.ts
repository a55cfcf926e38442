import { sqlMigration } from '@mallcare/event-store';

/**
 * Callback decides a case is closed (CaseClosed); routing keeps each closure it hears so its case
 * decider folds it with the case's own stream (issue 11 item 9): a closed case shows closed here and
 * takes no command, a reopen that won the race with the closure still stands.
 */
export const caseClosuresMigrations = [
  sqlMigration('RoutingCaseClosures1764600000100', [
    `CREATE TABLE routing.case_closures (
       event_id uuid PRIMARY KEY,
       complaint_id uuid NOT NULL,
       recorded_at timestamptz NOT NULL,
       event jsonb NOT NULL
     )`,
    `CREATE INDEX case_closures_complaint_idx ON routing.case_closures (complaint_id, recorded_at)`,
  ]),
];
