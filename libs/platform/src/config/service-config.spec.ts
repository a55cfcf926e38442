import { InvalidConfiguration, loadServiceConfig } from './service-config';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/mallcare' };

describe('service configuration', () => {
  it('uses defaults for what is not set and the embedded transport without KAFKA_BROKERS', () => {
    const config = loadServiceConfig('routing', base);
    expect(config).toMatchObject({ port: 3002, host: '127.0.0.1', kafkaBrokers: [], kafkaNamespace: 'mallcare', pollIntervalMs: 200 });
  });

  it('reads a comma-separated broker list; service-specific variables win', () => {
    const config = loadServiceConfig('sla-monitor', { ...base, KAFKA_BROKERS: 'k1:9092, k2:9092', PORT: '4000', SLA_MONITOR_PORT: '4100' });
    expect(config.kafkaBrokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.port).toBe(4100);
  });

  it('fails fast naming every wrong variable', () => {
    expect(() => loadServiceConfig('intake', { DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'localhost', PORT: '99999' })).toThrow(InvalidConfiguration);
    try {
      loadServiceConfig('intake', { DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'localhost', PORT: '99999' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('KAFKA_BROKERS must be a comma-separated list of host:port');
      expect(message).toContain('DATABASE_URL must be a postgres:// connection URL');
      expect(message).toContain('PORT');
    }
  });

  it('requires DATABASE_URL', () => {
    expect(() => loadServiceConfig('intake', {})).toThrow(/DATABASE_URL/);
  });
});
