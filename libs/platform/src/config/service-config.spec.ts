import { InvalidConfiguration, loadServiceConfig } from './service-config';

const secret = 'a-test-secret-of-more-than-32-characters';
const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/mallcare', AUTH_JWT_SECRET: secret };

describe('service configuration', () => {
  it('uses defaults for what is not set and the embedded transport without KAFKA_BROKERS', () => {
    const config = loadServiceConfig('routing', base);
    expect(config).toMatchObject({ port: 3002, host: '127.0.0.1', kafkaBrokers: [], kafkaNamespace: 'mallcare', pollIntervalMs: 2000 });
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

  it('requires AUTH_JWT_SECRET of at least 32 characters, and says so', () => {
    expect(() => loadServiceConfig('intake', { ...base, AUTH_JWT_SECRET: undefined })).toThrow(/AUTH_JWT_SECRET is required: at least 32 characters/);
    expect(() => loadServiceConfig('intake', { ...base, AUTH_JWT_SECRET: 'too-short' })).toThrow(/AUTH_JWT_SECRET/);
    expect(loadServiceConfig('intake', base).authJwtSecret).toBe(secret);
  });

  it('turns the local token issuer on only when AUTH_LOCAL_ISSUER=true', () => {
    expect(loadServiceConfig('routing', base).authLocalIssuer).toBe(false);
    expect(loadServiceConfig('routing', { ...base, AUTH_LOCAL_ISSUER: 'true' }).authLocalIssuer).toBe(true);
    expect(() => loadServiceConfig('routing', { ...base, AUTH_LOCAL_ISSUER: 'yes' })).toThrow(/AUTH_LOCAL_ISSUER must be true or false/);
  });
});
