import { randomUUID } from 'node:crypto';
import { consumerGroupOf, deadLetterTopicOf, topicOf } from '@mallcare/contracts';
import { createServiceDataSource } from '@mallcare/event-store';
import { createTestDatabase, describeWithKafka, until, type TestDatabase } from '@mallcare/testing';
import type { Admin, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { MessageSink } from '../event-bus';
import { connectTestBus, deleteTopics, testKafka, uniqueNamespace } from '../test-support/kafka';
import type { KafkaEventBus } from './kafka-event-bus';

jest.setTimeout(120_000);

/**
 * The consumers commit their offsets on a timer, not after every partition's batch (kafkajs' auto-commit):
 * what they passed must still reach the group when no later batch comes, and when they close.
 */
describeWithKafka('Kafka consumer offsets', (brokers) => {
  const namespace = uniqueNamespace();
  const topic = topicOf('intake', namespace);
  let database: TestDatabase;
  let dataSource: DataSource;
  let kafka: Kafka;
  let admin: Admin;
  const buses: KafkaEventBus[] = [];
  const busLog: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createServiceDataSource({ url: database.url, schema: 'routing', poolSize: 2 });
    await dataSource.initialize();
    kafka = testKafka(brokers);
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await deleteTopics(kafka, [topic, deadLetterTopicOf('routing', namespace)]).catch(() => undefined);
    await admin.disconnect();
    await dataSource.destroy();
    await database.drop();
  });

  const connect = async (): Promise<KafkaEventBus> => {
    const bus = await connectTestBus({ brokers, namespace, service: 'routing', dataSource, pollIntervalMs: 100, log: (line) => busLog.push(line) });
    buses.push(bus);
    return bus;
  };

  /** Passes every message it gets, one by one, and remembers their payloads. */
  const passingAll = (handled: string[]): MessageSink => async (batch) => {
    for (let index = 0; index < batch.messages.length; index++) {
      handled.push(batch.messages[index].payload);
      await batch.passed(index, false);
    }
  };

  /** Sends `count` messages with distinct payloads, each on its own key (spread over the partitions); returns the payloads. */
  const produce = async (count: number): Promise<string[]> => {
    const payloads = Array.from({ length: count }, () => randomUUID());
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: payloads.map((payload) => ({ key: randomUUID(), value: payload })) });
    await producer.disconnect();
    return payloads;
  };

  /** Every payload handled at least once (a rebalance before a commit may deliver some twice; the inbox is what makes that harmless). */
  const allHandled = (handled: string[], payloads: string[]) => (): boolean => {
    const missing = payloads.filter((payload) => !handled.includes(payload)).length;
    if (missing > 0) throw new Error(`${missing} of ${payloads.length} not handled yet (${handled.length} deliveries); the bus said: ${busLog.slice(-5).join(' / ') || 'nothing'}`);
    return true;
  };

  /** Messages on the topic the group has not committed past. */
  const uncommitted = async (): Promise<number> => {
    const [committed] = await admin.fetchOffsets({ groupId: consumerGroupOf('routing', namespace), topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    return ends.reduce((sum, end) => {
      const offset = Number(committed.partitions.find((partition) => partition.partition === end.partition)?.offset ?? -1);
      return sum + Number(end.high) - Math.max(offset, 0);
    }, 0);
  };

  it('commits what it passed once the consumer goes quiet, with no later batch to carry the commit', async () => {
    const bus = await connect();
    try {
      const handled: string[] = [];
      await bus.subscribe('routing', ['intake'], passingAll(handled));
      const payloads = await produce(12);
      await until('the 12 messages handled', allHandled(handled, payloads), 60_000);
      await until('the group committed to the end of the topic', async () => (await uncommitted()) === 0, 10_000);
    } finally {
      // Left running, it would share the next test's partitions.
      await bus.close();
    }
  });

  it('commits what it passed when it closes, without waiting for the timer', async () => {
    const bus = await connect();
    const handled: string[] = [];
    await bus.subscribe('routing', ['intake'], passingAll(handled));
    const payloads = await produce(5);
    await until('the 5 new messages handled', allHandled(handled, payloads), 60_000, 5);
    await bus.close();
    expect(await uncommitted()).toBe(0);
  });
});
