/** The services that own event streams, and the Kafka topic each one publishes its events to. */
export const SERVICE_NAMES = ['intake', 'routing', 'sla-monitor', 'callback', 'analytics'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Services that write events (analytics mostly projects; it writes only its own few, e.g. the monthly packs it produced). */
export const PRODUCING_SERVICES = ['intake', 'routing', 'sla-monitor', 'callback', 'analytics'] as const satisfies readonly ServiceName[];
export type ProducingService = (typeof PRODUCING_SERVICES)[number];

/** Topics and consumer groups live under a namespace (default `mallcare`), so several systems or test runs can share a cluster. */
export const DEFAULT_KAFKA_NAMESPACE = 'mallcare';

export const topicOf = (service: ProducingService, namespace = DEFAULT_KAFKA_NAMESPACE): string => `${namespace}.${service}.events.v1`;

export const deadLetterTopicOf = (consumer: ServiceName, namespace = DEFAULT_KAFKA_NAMESPACE): string =>
  `${namespace}.${consumer}.dead-letter.v1`;

export const consumerGroupOf = (consumer: ServiceName, namespace = DEFAULT_KAFKA_NAMESPACE): string => `${namespace}.${consumer}`;

/** PostgreSQL schema owned by a service: its streams, inbox, checkpoints and read models. */
export const schemaOf = (service: ServiceName): string => service.replace(/-/g, '_');

/** Where each service listens unless told otherwise; the gateway answers on GATEWAY_DEFAULT_PORT. */
export const DEFAULT_PORTS: Record<ServiceName, number> = {
  intake: 3001,
  routing: 3002,
  'sla-monitor': 3003,
  callback: 3004,
  analytics: 3005,
};
export const GATEWAY_DEFAULT_PORT = 3000;
