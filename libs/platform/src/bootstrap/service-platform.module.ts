import { Inject, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { PRODUCING_SERVICES, schemaOf, type ProducingService } from '@mallcare/contracts';
import { createServiceDataSource, LogNotifications, migrateServiceSchema, PostgresEventStore, type MigrationClass } from '@mallcare/event-store';
import { createEventBus, EVENT_BUS, MessagingMetrics, type EventBus } from '@mallcare/messaging';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { AuditTrail } from '../audit/audit-trail';
import { AuditInterceptor } from '../audit/audited';
import { HealthController } from '../health/health.controller';
import { MetricsController } from '../metrics/metrics.controller';
import { IdentityGuard } from '../identity/identity.guard';
import { TokenVerifier } from '../identity/token-verifier';
import { PolicyChangesConsumer } from '../policy/policy-changes.consumer';
import { PolicyStore } from '../policy/policy-store';
import { POLICY_RECORDED_CHANNEL, policyVersionsMigration, policyVersionsNotifyMigration } from '../policy/policy-versions.migration';
import { FailureCounter, failureCountsMigration } from '../throttling/failure-counter';
import { ApiThrottlerGuard, throttlerOptionsOf } from '../throttling/throttling';
import { Clock, SystemClock } from '../clock/clock';
import { ServiceLifecycle } from './graceful-shutdown';

export interface ServicePlatformOptions {
  config: ServiceConfig;
  /** The service's own read-model migrations; the event store's tables come first. */
  migrations?: MigrationClass[];
  /** NOTIFY channels of the service's own tables to pass on as ChangeSignal (besides the log's and the policy versions'). */
  changeChannels?: string[];
}

class EventBusShutdown implements OnModuleDestroy {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}
  async onModuleDestroy(): Promise<void> {
    await this.bus.close();
  }
}

/** Wakes this process's log followers when another process commits to a log (LISTEN/NOTIFY). */
class LogNotificationsListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly notifications: LogNotifications;
  constructor(config: ServiceConfig, changeChannels: readonly string[]) {
    const logger = new Logger(`${config.service}:events`);
    this.notifications = new LogNotifications(
      { connectionString: config.databaseUrl, application_name: `mallcare-${config.service}` },
      (message) => logger.warn(message),
      changeChannels,
    );
  }
  async onApplicationBootstrap(): Promise<void> {
    await this.notifications.start();
  }
  async onModuleDestroy(): Promise<void> {
    await this.notifications.stop();
  }
}

const isProducer = (service: string): service is ProducingService =>
  (PRODUCING_SERVICES as readonly string[]).includes(service);

/**
 * What every service stands on: its database (own schema, migrated at start), its event store,
 * the event bus, metrics and health, the identity guard and the policy in force. Import it once in
 * the service's root module.
 */
@Module({})
export class ServicePlatformModule {
  static forService({ config, migrations = [], changeChannels = [] }: ServicePlatformOptions): DynamicModule {
    const schema = schemaOf(config.service);
    const logger = new Logger(`${config.service}:events`);
    return {
      module: ServicePlatformModule,
      global: true,
      imports: [
        TerminusModule,
        ThrottlerModule.forRoot(throttlerOptionsOf(config)),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ type: 'postgres' }),
          dataSourceFactory: async () => {
            const dataSource = createServiceDataSource({
              url: config.databaseUrl,
              schema,
              migrations: [policyVersionsMigration(schema), policyVersionsNotifyMigration(schema), failureCountsMigration(schema), ...migrations],
              poolSize: config.dbPoolSize,
              connectTimeoutMs: config.dbConnectTimeoutMs,
              applicationName: `mallcare-${config.service}`,
            });
            await dataSource.initialize();
            await migrateServiceSchema(dataSource, schema);
            return dataSource;
          },
        }),
      ],
      controllers: [MetricsController, HealthController, PolicyChangesConsumer],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: Clock, useValue: config.clock ?? new SystemClock() },
        // Every route needs a verified staff token unless marked @Public.
        { provide: APP_GUARD, useClass: IdentityGuard },
        // Per client address, after the identity check: limits from THROTTLE_* (429 with Retry-After).
        { provide: APP_GUARD, useClass: ApiThrottlerGuard },
        AuditTrail,
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        TokenVerifier,
        FailureCounter,
        PolicyStore,
        ServiceLifecycle,
        {
          provide: Registry,
          useFactory: () => {
            const registry = new Registry();
            registry.setDefaultLabels({ service: config.service });
            collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: config.eventLoopMonitoringPrecisionMs });
            return registry;
          },
        },
        { provide: MessagingMetrics, useFactory: (registry: Registry) => new MessagingMetrics(registry), inject: [Registry] },
        {
          provide: EVENT_BUS,
          useFactory: (dataSource: DataSource, metrics: MessagingMetrics) =>
            createEventBus(
              {
                kafkaBrokers: config.kafkaBrokers,
                clientId: `mallcare-${config.service}`,
                kafkaNamespace: config.kafkaNamespace,
                pollIntervalMs: config.pollIntervalMs,
                kafkaPartitions: config.kafkaPartitions,
                kafkaReplicationFactor: config.kafkaReplicationFactor,
              },
              dataSource,
              metrics,
              (message) => logger.warn(message),
            ),
          inject: [getDataSourceToken(), MessagingMetrics],
        },
        EventBusShutdown,
        { provide: LogNotificationsListener, useFactory: () => new LogNotificationsListener(config, [POLICY_RECORDED_CHANNEL, ...changeChannels]) },
        {
          provide: PostgresEventStore,
          useFactory: (dataSource: DataSource) =>
            isProducer(config.service) ? new PostgresEventStore(dataSource, config.service, schema) : null,
          inject: [getDataSourceToken()],
        },
      ],
      exports: [SERVICE_CONFIG, Clock, TokenVerifier, FailureCounter, AuditTrail, Registry, MessagingMetrics, EVENT_BUS, PostgresEventStore, PolicyStore, ServiceLifecycle],
    };
  }
}
