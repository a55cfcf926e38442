import { ConsoleLogger, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { getDataSourceToken } from '@nestjs/typeorm';
import { PRODUCING_SERVICES, schemaOf, type ProducingService, type ServiceName } from '@mallcare/contracts';
import { ComplaintEventsServer, EVENT_BUS, MessagingMetrics, type EventBus } from '@mallcare/messaging';
import type { DataSource } from 'typeorm';
import { loadServiceConfig, type ServiceConfig } from '../config/service-config';
import { createValidationPipe } from '../errors/validation-pipe';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { documentErrorAnswers, operationAccessOf, operationIdOf } from '../http/error-answers';
import { gracefulShutdown, InFlightRequests, ServiceLifecycle } from './graceful-shutdown';

/** What a service is, for the launchers: its name, its OpenAPI title and its root module. */
export interface ServiceDefinition {
  name: ServiceName;
  title: string;
  description: string;
  module: (config: ServiceConfig) => DynamicModule;
}

export interface StartServiceOptions {
  /**
   * SIGTERM/SIGINT stop the service gracefully (see gracefulShutdown) and end the process. Off when
   * several services share one process or a test owns it.
   */
  handleSignals?: boolean;
}

/** The same bootstrap for every service: logs, validation, errors, OpenAPI, event transport, HTTP. */
export const startService = async (
  definition: ServiceDefinition,
  config: ServiceConfig,
  options: StartServiceOptions = {},
): Promise<INestApplication> => {
  const phases = new StartupPhases();
  const logger = new ConsoleLogger(config.service, { json: config.logFormat === 'json', timestamp: true });
  const app = await NestFactory.create(definition.module(config), { bufferLogs: true, logger, abortOnError: false });
  app.useLogger(logger);
  // req.ip is the client's address: from X-Forwarded-For only when the gateway (a trusted proxy) sent it.
  (app.getHttpAdapter().getInstance() as { set(setting: string, value: unknown): void }).set('trust proxy', config.trustedProxies.length > 0 ? config.trustedProxies : false);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  const lifecycle = app.get(ServiceLifecycle);
  const requests = new InFlightRequests(lifecycle);
  app.use(requests.middleware);
  phases.mark('database, migrations, transport and modules');

  const document = documentErrorAnswers(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(definition.title)
        .setDescription(definition.description)
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .addSecurityRequirements('bearer')
        .build(),
      { operationIdFactory: operationIdOf },
    ),
    operationAccessOf(app),
  );
  SwaggerModule.setup('docs', app, () => document, { jsonDocumentUrl: 'docs/openapi.json' });

  const schema = schemaOf(config.service);
  const bus = app.get<EventBus>(EVENT_BUS);
  const events = new ComplaintEventsServer({
    service: config.service,
    schema,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    bus,
    metrics: app.get(MessagingMetrics),
    log: (message) => logger.warn(message, 'events'),
  });
  app.connectMicroservice({ strategy: events }, { inheritAppConfig: true });
  phases.mark('OpenAPI document');
  await app.startAllMicroservices();
  phases.mark('consumers');
  if ((PRODUCING_SERVICES as readonly string[]).includes(config.service)) {
    await bus.publishOwnLog(config.service as ProducingService, schema);
  }
  phases.mark('outbox relay');
  await app.listen(config.port, config.host);
  phases.mark('listen');
  logger.log(`listening on http://${config.host}:${config.port} (events over ${bus.kind}); ${phases.summary()}`);
  if (options.handleSignals !== false) {
    const stop = (signal: NodeJS.Signals) =>
      void gracefulShutdown(signal, {
        app,
        lifecycle,
        requests,
        stopConsumers: () => events.close(),
        drainDelayMs: config.shutdownDrainDelayMs,
        timeoutMs: config.shutdownTimeoutMs,
        logger,
      });
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  }
  return app;
};

/** Where a start's time goes, for the log line that says the service listens (bench/README: restart-to-ready). */
class StartupPhases {
  private readonly started = performance.now();
  private last = this.started;
  private readonly spent: string[] = [];

  mark(phase: string): void {
    const now = performance.now();
    this.spent.push(`${phase} ${Math.round(now - this.last)}`);
    this.last = now;
  }

  summary(): string {
    // process.uptime() counts from the process start: loading the code comes before startService.
    const sinceProcessStart = Math.round(process.uptime() * 1000);
    const loading = sinceProcessStart - Math.round(performance.now() - this.started);
    return `started in ${sinceProcessStart} ms since the process began (ms: loading code ${loading}, ${this.spent.join(', ')})`;
  }
}

/** A service as its own process: config from the environment, fail fast and clearly. */
export const runServiceProcess = async (definition: ServiceDefinition): Promise<void> => {
  try {
    await startService(definition, loadServiceConfig(definition.name));
  } catch (error) {
    process.stderr.write(`${definition.name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
};
