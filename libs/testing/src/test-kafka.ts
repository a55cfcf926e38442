/**
 * Kafka for integration tests: the broker in KAFKA_BROKERS (CI starts one with scripts/kafka/kafka.sh).
 * Without one, Kafka tests skip and say so, unless CI or MALLCARE_REQUIRE_KAFKA demands a broker:
 * then a missing broker fails the run.
 */
export const kafkaBrokersForTests = (): string[] | null => {
  const brokers = process.env.KAFKA_BROKERS?.split(',').map((b) => b.trim()).filter(Boolean) ?? [];
  if (brokers.length > 0) return brokers;
  if (process.env.CI === 'true' || process.env.MALLCARE_REQUIRE_KAFKA === '1') {
    throw new Error('KAFKA_BROKERS is not set but CI/MALLCARE_REQUIRE_KAFKA requires a Kafka broker');
  }
  return null;
};

/** `describe` for suites that need a real Kafka broker. */
export const describeWithKafka = (name: string, body: (brokers: string[]) => void): void => {
  const brokers = kafkaBrokersForTests();
  if (!brokers) {
    // eslint-disable-next-line no-console
    console.warn(`skipped "${name}": no Kafka broker (set KAFKA_BROKERS, or run scripts/kafka/kafka.sh start)`);
    describe.skip(name, () => body([]));
    return;
  }
  describe(name, () => body(brokers));
};
