import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningJwk, publicKeySetOf } from '@mallcare/policy';
import { InvalidConfiguration, loadServiceConfig } from './service-config';

const signing = generateSigningJwk();
const jwks = JSON.stringify(publicKeySetOf([signing]));
const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/mallcare', AUTH_JWKS: jwks };

describe('service configuration', () => {
  it('uses defaults for what is not set and the embedded transport without KAFKA_BROKERS', () => {
    const config = loadServiceConfig('routing', base);
    expect(config).toMatchObject({ port: 3002, host: '127.0.0.1', kafkaBrokers: [], kafkaNamespace: 'mallcare', pollIntervalMs: 2000 });
  });

  it("samples the event-loop delay every 100 ms unless told (prom-client's 10 ms wakes an idle process 100 times a second)", () => {
    expect(loadServiceConfig('callback', base).eventLoopMonitoringPrecisionMs).toBe(100);
    expect(loadServiceConfig('callback', { ...base, METRICS_EVENT_LOOP_PRECISION_MS: '20' }).eventLoopMonitoringPrecisionMs).toBe(20);
    expect(() => loadServiceConfig('callback', { ...base, METRICS_EVENT_LOOP_PRECISION_MS: '1' })).toThrow(/METRICS_EVENT_LOOP_PRECISION_MS/);
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

  it('requires the public key set, inline, as a file, or as a URL, and says so', () => {
    expect(() => loadServiceConfig('intake', { ...base, AUTH_JWKS: undefined })).toThrow(/AUTH_JWKS or AUTH_JWKS_URL is required/);
    expect(() => loadServiceConfig('intake', { ...base, AUTH_JWKS: '{"keys":[]}' })).toThrow(/AUTH_JWKS: must be a key set/);
    expect(() => loadServiceConfig('intake', { ...base, AUTH_JWKS: '/no/such/file' })).toThrow(/AUTH_JWKS: neither JSON nor the path/);
    expect(loadServiceConfig('intake', base).auth.jwks?.keys[0]).toMatchObject({ kid: signing.kid, kty: 'OKP' });
    const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
    writeFileSync(file, jwks);
    expect(loadServiceConfig('intake', { ...base, AUTH_JWKS: file }).auth.jwks?.keys).toHaveLength(1);
    expect(loadServiceConfig('intake', { ...base, AUTH_JWKS: undefined, AUTH_JWKS_URL: 'http://routing:3002/auth/jwks.json' }).auth.jwksUrl).toBe('http://routing:3002/auth/jwks.json');
    expect(() => loadServiceConfig('intake', { ...base, AUTH_JWKS_URL: 'ftp://x' })).toThrow(/AUTH_JWKS_URL must be an http\(s\) URL/);
  });

  it('never keeps a private key given in AUTH_JWKS, and checks the signing key', () => {
    const config = loadServiceConfig('routing', { ...base, AUTH_JWKS: JSON.stringify({ keys: [signing] }), AUTH_SIGNING_KEY: JSON.stringify(signing) });
    expect(config.auth.jwks?.keys[0]).not.toHaveProperty('d');
    expect(config.auth.signingKey?.kid).toBe(signing.kid);
    expect(() => loadServiceConfig('routing', { ...base, AUTH_SIGNING_KEY: jwks })).toThrow(/AUTH_SIGNING_KEY: invalid signing key/);
  });

  it('keeps issued tokens within the maximum lifetime', () => {
    expect(loadServiceConfig('routing', base).auth).toMatchObject({ issuer: 'mallcare', audience: 'mallcare-api', maxTokenLifetimeSeconds: 43200, tokenTtlSeconds: 28800 });
    expect(() => loadServiceConfig('routing', { ...base, AUTH_TOKEN_TTL_SECONDS: '86400' })).toThrow(/must not exceed AUTH_MAX_TOKEN_LIFETIME_SECONDS/);
  });

  it('turns the demo tokens on only when AUTH_DEMO_TOKENS=true', () => {
    expect(loadServiceConfig('routing', base).auth.demoTokens).toBe(false);
    expect(loadServiceConfig('routing', { ...base, AUTH_DEMO_TOKENS: 'true' }).auth.demoTokens).toBe(true);
    expect(() => loadServiceConfig('routing', { ...base, AUTH_DEMO_TOKENS: 'yes' })).toThrow(/AUTH_DEMO_TOKENS must be true or false/);
  });
});
