import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type ServiceConfig } from '@mallcare/platform';
import { CaseEventsConsumer } from './clocks/case-events.consumer';
import { ClocksController } from './clocks/clocks.controller';
import { clocksMigrations } from './clocks/clocks.migrations';
import { ClocksService } from './clocks/clocks.service';
import { SlaMetrics } from './clocks/sla.metrics';
import { NotificationPort } from './notifications/notification.port';
import { OutboxNotificationAdapter } from './notifications/outbox-notification.adapter';
import { ClockTimer, SLA_TIMER_OPTIONS, type SlaTimerOptions } from './timers/clock-timer';

const timerOptionsFrom = (env: NodeJS.ProcessEnv): SlaTimerOptions => ({
  pollIntervalMs: Math.max(10, Number(env['SLA_TIMER_POLL_MS'] ?? 250) || 250),
  batchSize: Math.max(1, Number(env['SLA_TIMER_BATCH_SIZE'] ?? 20) || 20),
  workers: Math.max(1, Number(env['SLA_TIMER_WORKERS'] ?? 4) || 4),
});

@Module({})
export class SlaMonitorModule {
  static register(config: ServiceConfig, timer: SlaTimerOptions = timerOptionsFrom(process.env)): DynamicModule {
    return {
      module: SlaMonitorModule,
      imports: [ServicePlatformModule.forService({ config, migrations: [...clocksMigrations] })],
      controllers: [ClocksController, CaseEventsConsumer],
      providers: [
        ClocksService,
        SlaMetrics,
        OutboxNotificationAdapter,
        { provide: NotificationPort, useExisting: OutboxNotificationAdapter },
        { provide: SLA_TIMER_OPTIONS, useValue: timer },
        ClockTimer,
      ],
    };
  }
}
