import { callbackMigrations } from './callback.migrations';

/** Every migration of callback's schema, in the order they run (after the event store's own). */
export const callbackServiceMigrations = [...callbackMigrations];
