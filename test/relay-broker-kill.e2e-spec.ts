import { randomUUID } from 'node:crypto';
import { topicOf, type NewEvent } from '@mallcare/contracts';
import { createServiceDataSource, migrateServiceSchema, PostgresEventStore } from '@mallcare/event-store';
import type { KafkaEventBus } from '@mallcare/messaging';
import { createTestDatabase, until, type TestDatabase } from '@mallcare/testing';
import type { DataSource } from 'typeorm';
import { connectTestBus, recordsIn, testKafka, uniqueNamespace } from '../libs/messaging/src/test-support/kafka';
import { startOwnKafka, type OwnKafka } from './support/own-kafka';

const registered = (n: number): NewEvent => ({
  type: 'ComplaintRegistered',
  data: {
    caseNumber: `SH01-20261202-${String(n).padStart(4, '0')}`,
    channel: 'walk-in',
    kind: 'complaint',
    category: 'environment-facilities',
    complainantType: 'consumer',
    description: `relay after a broker kill ${n}`,
    receivedAt: '2026-12-02T10:00:00.000Z',
  },
});

/**
 * The chaos suite's broker kill, reduced to the relay: kafkajs' idempotent producer counts sequence
 * numbers for sends the dead broker never took, and the broker that comes back refuses every later send
 * (OUT_OF_ORDER_SEQUENCE_NUMBER). The relay must go on publishing.
 */
describe('the outbox relay after its Kafka broker is SIGKILLed and started again', () => {
  let kafka: OwnKafka;
  let database: TestDatabase;
  let dataSource: DataSource;
  let bus: KafkaEventBus | null = null;
  const log: string[] = [];

  beforeAll(async () => {
    [kafka, database] = await Promise.all([startOwnKafka(), createTestDatabase()]);
    dataSource = createServiceDataSource({ url: database.url, schema: 'intake', poolSize: 4 });
    await dataSource.initialize();
    await migrateServiceSchema(dataSource, 'intake');
  });

  afterAll(async () => {
    await bus?.close();
    await dataSource?.destroy();
    await database?.drop();
    await kafka?.destroy();
  });

  it('publishes what was appended while the broker was down and after it came back', async () => {
    const namespace = uniqueNamespace();
    const topic = topicOf('intake', namespace);
    bus = await connectTestBus({ brokers: kafka.brokers, namespace, service: 'intake', dataSource, pollIntervalMs: 100, log: (line) => log.push(line) });
    await bus.publishOwnLog('intake', 'intake');
    const store = new PostgresEventStore(dataSource, 'intake', 'intake');
    const append = async (n: number) => {
      const complaintId = randomUUID();
      const context = { complaintId, mallId: 'SH01', actor: { type: 'staff' as const, id: 'sh01-desk-1' }, correlationId: complaintId, causationId: null };
      await store.append(`complaint-${complaintId}`, [registered(n)], context, 0);
    };
    const observer = testKafka(kafka.brokers, `${namespace}-observer`);
    const onTopic = () => recordsIn(observer, topic).catch(() => -1);

    for (let n = 1; n <= 5; n++) await append(n);
    await until('the first events on the topic', async () => (await onTopic()) === 5, 60_000);

    // Appends go on while the broker dies and comes back, so the relay is mid-send when it is killed.
    let appended = 5;
    let appending = true;
    const load = (async () => {
      while (appending && appended < 2_000) {
        await append(++appended);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    kafka.kill();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await kafka.start();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    appending = false;
    await load;

    await until(`all ${appended} events on the topic after the broker came back`, async () => (await onTopic()) >= appended, 120_000);
    // At least once on the topic (consumers drop a repeated event id); in practice once.
    expect(await onTopic()).toBeGreaterThanOrEqual(appended);
  });
});
