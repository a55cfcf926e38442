import { analyticsMigrations } from './analytics.migrations';
import { reportPacksMigrations } from './report-packs.migrations';

/** Every migration of analytics's schema, in the order they run (after the event store's own). */
export const analyticsServiceMigrations = [...analyticsMigrations, ...reportPacksMigrations];
