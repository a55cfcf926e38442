import { intakeMigrations } from './intake.migrations';
import { attachmentsMigrations } from './attachments.migrations';

/** Every migration of intake's schema, in the order they run (after the event store's own). */
export const intakeServiceMigrations = [...intakeMigrations, ...attachmentsMigrations];
