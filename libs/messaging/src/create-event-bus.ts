import type { DataSource } from 'typeorm';
import { EmbeddedEventBus } from './embedded/embedded-event-bus';
import type { EventBus } from './event-bus';
import { KafkaEventBus } from './kafka/kafka-event-bus';
import type { MessagingMetrics } from './messaging.metrics';

export interface EventBusSettings {
  /** Empty: the embedded transport (followers read the PostgreSQL logs). */
  kafkaBrokers: string[];
  clientId: string;
  kafkaNamespace: string;
  pollIntervalMs: number;
  kafkaPartitions: number;
  kafkaReplicationFactor: number;
}

export const createEventBus = async (
  settings: EventBusSettings,
  dataSource: DataSource,
  metrics: MessagingMetrics,
  log: (message: string) => void,
): Promise<EventBus> =>
  settings.kafkaBrokers.length > 0
    ? KafkaEventBus.connect({
        brokers: settings.kafkaBrokers,
        clientId: settings.clientId,
        namespace: settings.kafkaNamespace,
        dataSource,
        metrics,
        pollIntervalMs: settings.pollIntervalMs,
        partitions: settings.kafkaPartitions,
        replicationFactor: settings.kafkaReplicationFactor,
        log,
      })
    : new EmbeddedEventBus({ dataSource, metrics, pollIntervalMs: settings.pollIntervalMs, log });
