import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { schemaOf, type Actor, type NewEvent, type ProducingService } from '@mallcare/contracts';
import { createServiceDataSource, migrateServiceSchema, PostgresEventStore, type ExpectedVersion } from '@mallcare/event-store';
import { createEventBus, MessagingMetrics, type EventBus } from '@mallcare/messaging';
import { loadServiceConfig, startService, type Clock, type ServiceConfig, type ServiceDefinition } from '@mallcare/platform';
import { bearerFor, createTestDatabase, TEST_AUTH_JWKS, type TestDatabase } from '@mallcare/testing';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

export interface ServiceUnderTestOptions {
  definition: ServiceDefinition;
  /** The services whose logs it follows: the test writes their events into their schemas, as they would. */
  upstream: readonly ProducingService[];
  /** Kafka brokers: each upstream log goes out through its own outbox relay; none: the service reads the logs. */
  brokers?: string[];
  /** More of the service's environment (its own settings). */
  env?: Record<string, string>;
  /** The time the service takes; the system's when not given. */
  clock?: Clock;
  /** What the service answers a successful POST with (201 unless its commands answer 200). */
  postStatus?: number;
}

interface UpstreamLog {
  dataSource: DataSource;
  store: PostgresEventStore;
  bus: EventBus | null;
}

/**
 * One service as it runs (its Nest app, its schema, the real transport) in a database of its own,
 * fed by the logs of the services it follows; requests carry staff tokens of the sample group.
 */
export class ServiceUnderTest {
  app: INestApplication | null = null;
  baseUrl = '';
  config!: ServiceConfig;
  database!: TestDatabase;
  private readonly logs = new Map<ProducingService, UpstreamLog>();

  constructor(private readonly options: ServiceUnderTestOptions) {}

  async start(): Promise<void> {
    const { definition, upstream, brokers = [], env = {}, clock } = this.options;
    this.database = await createTestDatabase();
    const namespace = `${definition.name}-it-${randomUUID().slice(0, 8)}`;
    for (const service of upstream) {
      const schema = schemaOf(service);
      const dataSource = createServiceDataSource({ url: this.database.url, schema, poolSize: 2 });
      await dataSource.initialize();
      await migrateServiceSchema(dataSource, schema);
      let bus: EventBus | null = null;
      if (brokers.length > 0) {
        bus = await createEventBus(
          { kafkaBrokers: brokers, clientId: `it-${service}`, kafkaNamespace: namespace, pollIntervalMs: 50, kafkaPartitions: 1, kafkaReplicationFactor: 1 },
          dataSource,
          new MessagingMetrics(new Registry()),
          () => undefined,
        );
        await bus.publishOwnLog(service, schema);
      }
      this.logs.set(service, { dataSource, store: new PostgresEventStore(dataSource, service, schema), bus });
    }
    this.config = {
      ...loadServiceConfig(definition.name, {
        DATABASE_URL: this.database.url,
        AUTH_JWKS: TEST_AUTH_JWKS,
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_NAMESPACE: namespace,
        KAFKA_PARTITIONS: '1',
        EVENT_POLL_INTERVAL_MS: '50',
        DB_POOL_SIZE: '5',
        ...env,
      }),
      port: 0,
      ...(clock ? { clock } : {}),
    };
    await this.startApp();
  }

  /** The app, once started. */
  get running(): INestApplication {
    if (!this.app) throw new Error(`${this.options.definition.name} is not running`);
    return this.app;
  }

  /** Starts the app again on the same database (after stopApp), perhaps as another definition of it. */
  async startApp(definition: ServiceDefinition = this.options.definition): Promise<void> {
    this.app = await startService(definition, this.config, { handleSignals: false });
    this.baseUrl = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  async stopApp(): Promise<void> {
    await this.app?.close();
    this.app = null;
  }

  async stop(): Promise<void> {
    await this.stopApp();
    for (const { bus, dataSource } of this.logs.values()) {
      await bus?.close();
      await dataSource.destroy();
    }
    this.logs.clear();
    await this.database?.drop();
  }

  /** An upstream service's log, to write and read as that service would. */
  log(service: ProducingService): UpstreamLog {
    const log = this.logs.get(service);
    if (!log) throw new Error(`${service} is not upstream of ${this.options.definition.name} in this test`);
    return log;
  }

  /** Appends events to an upstream service's stream of a case, as that service would. */
  async append(
    service: ProducingService,
    streamId: string,
    events: NewEvent[],
    { complaintId, mallId, actor = { type: 'system', id: service }, expectedVersion = 'any' }: { complaintId: string; mallId: string; actor?: Actor; expectedVersion?: ExpectedVersion },
  ): Promise<void> {
    await this.log(service).store.append(streamId, events, { complaintId, mallId, actor, correlationId: complaintId, causationId: null }, expectedVersion);
  }

  /** A request as this staff member (null: without a token). */
  request(staffId: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(staffId ? { authorization: bearerFor(staffId) } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** The answer's JSON, or an error that says what came instead of the expected status. */
  async json<T>(staffId: string | null, method: string, path: string, body?: unknown, expected = method === 'POST' ? (this.options.postStatus ?? 201) : 200): Promise<T> {
    const response = await this.request(staffId, method, path, body);
    const text = await response.text();
    if (response.status !== expected) throw new Error(`${method} ${path} as ${staffId}: ${response.status} (wanted ${expected}) ${text}`);
    return JSON.parse(text) as T;
  }
}
