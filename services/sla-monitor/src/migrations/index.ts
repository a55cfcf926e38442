import { clocksMigrations } from './clocks.migrations';
import { notificationsMigrations } from './notifications.migrations';

/** Every migration of sla-monitor's schema, in the order they run (after the event store's own). */
export const slaMonitorServiceMigrations = [...clocksMigrations, ...notificationsMigrations];
