import { deadLetterTopicOf, schemaOf, type ServiceName } from '@mallcare/contracts';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { DataSource } from 'typeorm';

/** Runs `use` with a connected Kafka admin client, disconnected afterwards. */
export const withKafkaAdmin = async <T>(brokers: string[], use: (admin: Admin) => Promise<T>): Promise<T> => {
  const admin = new Kafka({ clientId: 'mallcare-test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
};

/** Records ever written to a topic (the sum of its partitions' high watermarks). */
export const recordsIn = async (admin: Admin, topic: string): Promise<number> =>
  (await admin.fetchTopicOffsets(topic)).reduce((sum, partition) => sum + Number(partition.high), 0);

/** Everything a consumer dead-lettered: its dead_letters table (embedded) plus its dead-letter topic (Kafka). */
export const deadLettersOf = async (db: DataSource, consumer: ServiceName, kafka: { brokers: string[]; namespace: string } | null): Promise<number> => {
  const [{ dead }] = (await db.query(`SELECT count(*) AS dead FROM ${schemaOf(consumer)}.dead_letters`)) as { dead: string }[];
  const inTopic = kafka ? await withKafkaAdmin(kafka.brokers, (admin) => recordsIn(admin, deadLetterTopicOf(consumer, kafka.namespace))) : 0;
  return Number(dead) + inTopic;
};
