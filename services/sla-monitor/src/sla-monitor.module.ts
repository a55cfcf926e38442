import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type ServiceConfig } from '@mallcare/platform';
import { CaseEventsConsumer } from './clocks/case-events.consumer';
import { ClocksController } from './clocks/clocks.controller';
import { clocksMigrations } from './clocks/clocks.migrations';
import { ClocksService } from './clocks/clocks.service';
import { SlaMetrics } from './clocks/sla.metrics';
import { notificationSettingsFrom, type NotificationSettings } from './notifications/notification.settings';
import { notificationParts } from './notifications/notifications.parts';
import { ClockTimer, SLA_TIMER_OPTIONS, type SlaTimerOptions } from './timers/clock-timer';

/** A timer setting from the environment; a wrong value stops the start with a clear message, as every config does. */
const integerSetting = (env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer of at least ${min} (got "${raw}")`);
  return value;
};

export const timerOptionsFrom = (env: NodeJS.ProcessEnv): SlaTimerOptions => ({
  pollIntervalMs: integerSetting(env, 'SLA_TIMER_POLL_MS', 2_000, 10),
  batchSize: integerSetting(env, 'SLA_TIMER_BATCH_SIZE', 20, 1),
  workers: integerSetting(env, 'SLA_TIMER_WORKERS', 4, 1),
});

@Module({})
export class SlaMonitorModule {
  static register(
    config: ServiceConfig,
    timer: SlaTimerOptions = timerOptionsFrom(process.env),
    notifications: NotificationSettings = notificationSettingsFrom(process.env),
  ): DynamicModule {
    const parts = notificationParts(notifications);
    return {
      module: SlaMonitorModule,
      imports: [ServicePlatformModule.forService({ config, migrations: [...clocksMigrations, ...parts.migrations] })],
      controllers: [ClocksController, CaseEventsConsumer, ...parts.controllers],
      providers: [
        ClocksService,
        SlaMetrics,
        ...parts.providers,
        { provide: SLA_TIMER_OPTIONS, useValue: timer },
        ClockTimer,
      ],
    };
  }
}
