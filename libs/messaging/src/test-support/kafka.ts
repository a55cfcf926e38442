import { randomUUID } from 'node:crypto';
import type { ServiceName } from '@mallcare/contracts';
import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { within } from '@mallcare/testing';
import { KafkaEventBus } from '../kafka/kafka-event-bus';
import { MessagingMetrics } from '../messaging.metrics';

/**
 * A namespace for topics and consumer groups that no other test (or other user of the shared
 * broker) uses: every test that touches Kafka makes its own.
 */
export const uniqueNamespace = (): string => `test-${randomUUID().slice(0, 8)}`;

/** A service's Kafka bus as the tests connect one: its topics made with three partitions and one replica, its log tails polling every `pollIntervalMs`. */
export const connectTestBus = (options: {
  brokers: string[];
  namespace: string;
  service: ServiceName;
  dataSource: DataSource;
  log: (line: string) => void;
  metrics?: MessagingMetrics;
  pollIntervalMs?: number;
}): Promise<KafkaEventBus> =>
  KafkaEventBus.connect({
    brokers: options.brokers,
    clientId: `${options.namespace}-${options.service}`,
    namespace: options.namespace,
    dataSource: options.dataSource,
    metrics: options.metrics ?? new MessagingMetrics(new Registry()),
    pollIntervalMs: options.pollIntervalMs ?? 50,
    partitions: 3,
    replicationFactor: 1,
    log: options.log,
  });

/** A kafkajs client for the test's own reads and writes, quiet: failures surface as assertion errors. */
export const testKafka = (brokers: string[], clientId = 'mallcare-test'): Kafka =>
  new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3_000, retry: { retries: 5, initialRetryTime: 200 } });

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

const headersOf = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value.map(String).join(',') : String(value ?? '')]),
  );

/**
 * Reads a topic from its beginning with a fresh consumer group of its own (nothing another
 * consumer committed counts), collecting every message it sees.
 */
export class TopicReader {
  readonly messages: ReadMessage[] = [];
  private consumer: Consumer | null = null;

  static async start(kafka: Kafka, topic: string, namespace: string): Promise<TopicReader> {
    const reader = new TopicReader();
    const consumer = kafka.consumer({ groupId: `${namespace}.test-reader-${randomUUID().slice(0, 8)}`, maxWaitTimeInMs: 100 });
    reader.consumer = consumer;
    await within(`a reader of ${topic} to connect`, consumer.connect(), 30_000);
    await within(`a reader of ${topic} to subscribe`, consumer.subscribe({ topics: [topic], fromBeginning: true }), 30_000);
    await consumer.run({
      eachMessage: async ({ topic: from, partition, message }) => {
        reader.messages.push({
          topic: from,
          partition,
          offset: Number(message.offset),
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? '',
          headers: headersOf(message.headers),
        });
      },
    });
    return reader;
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    await within('a topic reader to disconnect', consumer?.disconnect() ?? Promise.resolve(), 30_000).catch(() => undefined);
  }
}

/** Sum of the high watermarks of a topic's partitions: how many records were ever written to it. */
export const recordsIn = async (kafka: Kafka, topic: string): Promise<number> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
};

/** Deletes a test's own topics from the shared broker (best effort: a failure only leaves litter). */
export const deleteTopics = async (kafka: Kafka, topics: string[]): Promise<void> => {
  const admin = kafka.admin();
  try {
    await within('the test topics to be deleted', admin.connect().then(async () => {
      const existing = new Set(await admin.listTopics());
      const mine = topics.filter((topic) => existing.has(topic));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine, timeout: 10_000 });
    }), 20_000);
  } catch {
    // Litter on a test broker, not a test failure.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};
