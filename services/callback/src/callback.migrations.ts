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
];
