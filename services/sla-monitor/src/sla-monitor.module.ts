import { Module, type DynamicModule } from '@nestjs/common';
import { loadServiceSettings, ServicePlatformModule, type ServiceConfig } from '@mallcare/platform';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { CaseEventsConsumer } from './clocks/case-events.consumer';
import { ClocksController } from './clocks/clocks.controller';
import { ClockCasesRepository } from './clocks/clock-cases.repository';
import { slaMonitorServiceMigrations } from './migrations';
import { ClocksService } from './clocks/clocks.service';
import { SlaMetrics } from './clocks/sla.metrics';
import { notificationSettingsFrom, type NotificationSettings } from './notifications/notification.settings';
import { notificationParts } from './notifications/notifications.parts';
import { ClockTimer, SLA_TIMER_OPTIONS, type SlaTimerOptions } from './timers/clock-timer';

/** The durable timer's settings, validated at start by the platform's config loader. */
class SlaTimerEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(10)
  SLA_TIMER_POLL_MS = 2_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  SLA_TIMER_BATCH_SIZE = 500;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  SLA_TIMER_WORKERS = 4;
}

export const timerOptionsFrom = (env: NodeJS.ProcessEnv): SlaTimerOptions => {
  const settings = loadServiceSettings('sla-monitor', SlaTimerEnvironment, env);
  return { pollIntervalMs: settings.SLA_TIMER_POLL_MS, batchSize: settings.SLA_TIMER_BATCH_SIZE, workers: settings.SLA_TIMER_WORKERS };
};

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
      imports: [ServicePlatformModule.forService({ config, migrations: slaMonitorServiceMigrations })],
      controllers: [ClocksController, CaseEventsConsumer, ...parts.controllers],
      providers: [
        ClocksService,
        ClockCasesRepository,
        SlaMetrics,
        ...parts.providers,
        { provide: SLA_TIMER_OPTIONS, useValue: timer },
        ClockTimer,
      ],
    };
  }
}
