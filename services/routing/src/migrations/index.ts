import { workQueueMigrations } from './work-queue.migrations';
import { caseClosuresMigrations } from './case-closures.migrations';
import { credentialsMigrations } from './credentials.migrations';

/** Every migration of routing's schema, in the order they run (after the event store's own). */
export const routingServiceMigrations = [...workQueueMigrations, ...caseClosuresMigrations, ...credentialsMigrations];
