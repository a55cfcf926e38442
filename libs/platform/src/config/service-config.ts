import { existsSync, readFileSync } from 'node:fs';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, validateSync } from 'class-validator';
import { DEFAULT_KAFKA_NAMESPACE, DEFAULT_PORTS, flattenValidationErrors, type ServiceName } from '@mallcare/contracts';
import type { Clock } from '../clock/clock';
import { publicKeySetOf, signingKeyFromJwk, type TokenJwk, type TokenKeySet } from '@mallcare/policy';

/** The environment a service reads, validated once at start; a bad value stops it with a clear message. */
class ServiceEnvironment {
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL!: string;

  @IsOptional()
  @Matches(/^\s*[A-Za-z0-9.-]+:\d{1,5}\s*(,\s*[A-Za-z0-9.-]+:\d{1,5}\s*)*$/, {
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port, e.g. 127.0.0.1:19092',
  })
  KAFKA_BROKERS?: string;

  @Matches(/^[a-z0-9][a-z0-9.-]{0,48}$/, { message: 'KAFKA_NAMESPACE must be lower-case letters, digits, dots or dashes' })
  KAFKA_NAMESPACE!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  @IsString()
  HOST!: string;

  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(60_000)
  EVENT_POLL_INTERVAL_MS!: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  KAFKA_PARTITIONS!: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  KAFKA_REPLICATION_FACTOR!: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE!: number;

  @Type(() => Number)
  @IsInt()
  @Min(500)
  @Max(120_000)
  DB_CONNECT_TIMEOUT_MS!: number;

  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(300_000)
  SHUTDOWN_TIMEOUT_MS!: number;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60_000)
  SHUTDOWN_DRAIN_DELAY_MS!: number;

  @IsIn(['json', 'text'])
  LOG_FORMAT!: 'json' | 'text';

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(1_000)
  METRICS_EVENT_LOOP_PRECISION_MS!: number;

  /** The public key set tokens are verified with: inline JSON `{"keys":[…]}` or a file holding it. */
  @IsOptional()
  @IsString()
  AUTH_JWKS?: string;

  /** Or where to fetch it (the issuer's GET /auth/jwks.json); fetched once, cached, refetched for an unknown kid. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  /** The issuer's private key (routing only): a private JWK with a kid, inline or in a file. */
  @IsOptional()
  @IsString()
  AUTH_SIGNING_KEY?: string;

  @Matches(/^\S{1,200}$/, { message: 'AUTH_ISSUER must be a non-empty string without spaces' })
  AUTH_ISSUER!: string;

  @Matches(/^\S{1,200}$/, { message: 'AUTH_AUDIENCE must be a non-empty string without spaces' })
  AUTH_AUDIENCE!: string;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  AUTH_MAX_TOKEN_LIFETIME_SECONDS!: number;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  AUTH_TOKEN_TTL_SECONDS!: number;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300)
  AUTH_CLOCK_TOLERANCE_SECONDS!: number;

  @IsIn(['true', 'false'], { message: 'AUTH_DEMO_TOKENS must be true or false' })
  AUTH_DEMO_TOKENS!: 'true' | 'false';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  AUTH_SIGNIN_MAX_FAILURES!: number;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(24 * 3600)
  AUTH_SIGNIN_WINDOW_SECONDS!: number;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(24 * 3600)
  AUTH_SIGNIN_LOCK_SECONDS!: number;

  @Type(() => Number)
  @IsInt()
  @Min(8)
  @Max(128)
  AUTH_PASSWORD_MIN_LENGTH!: number;

  /** The group's OpenID Connect provider (routing): its issuer URL; unset, no OIDC sign-in. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'OIDC_ISSUER must be an http(s) URL' })
  OIDC_ISSUER?: string;

  @Matches(/^[\w.:-]{1,200}$/, { message: 'OIDC_CLIENT_ID must be a client id' })
  OIDC_CLIENT_ID!: string;

  @Matches(/^[\w.:-]{1,100}$/, { message: 'OIDC_STAFF_CLAIM, OIDC_ROLES_CLAIM and OIDC_MALL_CLAIM must be claim names' })
  OIDC_STAFF_CLAIM!: string;

  @Matches(/^[\w.:-]{1,100}$/, { message: 'OIDC_STAFF_CLAIM, OIDC_ROLES_CLAIM and OIDC_MALL_CLAIM must be claim names' })
  OIDC_ROLES_CLAIM!: string;

  @Matches(/^[\w.:-]{1,100}$/, { message: 'OIDC_STAFF_CLAIM, OIDC_ROLES_CLAIM and OIDC_MALL_CLAIM must be claim names' })
  OIDC_MALL_CLAIM!: string;

  /** Who may tell a service the client's address (X-Forwarded-For): the gateway's addresses, CIDRs, or loopback/uniquelocal. */
  @Matches(/^[\w.:/, -]*$/, { message: 'TRUSTED_PROXIES must be a comma-separated list of addresses, CIDRs, loopback, linklocal or uniquelocal' })
  TRUSTED_PROXIES!: string;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  THROTTLE_LIMIT!: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  THROTTLE_TTL_SECONDS!: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  THROTTLE_SIGN_IN_LIMIT!: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOOKUP_MAX_FAILURES!: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  LOOKUP_CALLER_MAX_FAILURES!: number;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(24 * 3600)
  LOOKUP_WINDOW_SECONDS!: number;
}

export interface ServiceConfig {
  service: ServiceName;
  databaseUrl: string;
  kafkaBrokers: string[];
  kafkaNamespace: string;
  port: number;
  host: string;
  pollIntervalMs: number;
  kafkaPartitions: number;
  kafkaReplicationFactor: number;
  dbPoolSize: number;
  /** How long a query waits for a database connection before the request answers 503. */
  dbConnectTimeoutMs: number;
  /** SIGTERM/SIGINT: the process exits within this, gracefully or not (then with code 1). */
  shutdownTimeoutMs: number;
  /** SIGTERM/SIGINT: readiness is false this long before the HTTP listener closes. */
  shutdownDrainDelayMs: number;
  logFormat: 'json' | 'text';
  /**
   * How often the event-loop delay metric samples. Each sample wakes the process: prom-client's 10 ms
   * default cost ~4.5 ms of CPU a second per idle process, 100 ms ~0.6 (bench/README.md, idle CPU).
   */
  eventLoopMonitoringPrecisionMs: number;
  auth: AuthSettings;
  /** Express's `trust proxy`: X-Forwarded-For is believed only from these (none: the socket's address is the client). */
  trustedProxies: string[];
  throttle: ThrottleSettings;
  /** The time the service takes (not from the environment): a test gives its own; the system's otherwise. */
  clock?: Clock;
}

export interface ThrottleSettings {
  /** Requests per client per window on every route (0: off); sign-in has its own, lower limit. */
  api: { limit: number; ttlSeconds: number };
  signIn: { limit: number; ttlSeconds: number };
  /** Failed public case look-ups: per case number and client, and per client over all cases; a lock lasts a window. */
  publicLookup: { maxFailures: number; callerMaxFailures: number; windowSeconds: number };
}

export interface AuthSettings {
  /** The public keys tokens are verified with, when given inline or as a file (plus the signing key's, on the issuer). */
  jwks?: TokenKeySet;
  /** Or the URL of the issuer's key set. */
  jwksUrl?: string;
  /** The issuer's private key (routing only); never logged, never in another service's environment. */
  signingKey?: TokenJwk;
  issuer: string;
  audience: string;
  /** A token whose exp − iat is longer is refused, however well it is signed. */
  maxTokenLifetimeSeconds: number;
  /** How long the issuer's tokens live. */
  tokenTtlSeconds: number;
  clockToleranceSeconds: number;
  /** Whether routing's POST /auth/token issues a token for a staff id alone (embedded demo only). */
  demoTokens: boolean;
  /** The group's identity provider, when the console signs in through it (authorization code + PKCE). */
  oidc?: { issuer: string; clientId: string; staffClaim: string; rolesClaim: string; mallClaim: string };
  /** Sign-in lock-out: this many failures for one staff id within the window lock it for lockSeconds. */
  signIn: { maxFailures: number; windowSeconds: number; lockSeconds: number; passwordMinLength: number };
}

export class InvalidConfiguration extends Error {
  constructor(service: string, problems: string[]) {
    super(`${service}: invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidConfiguration';
  }
}

/**
 * A service's own settings (SLA_TIMER_*, ANALYTICS_REFRESH_*, its keys), read and refused like the
 * shared ones: `Schema` is a class-validator class whose field initialisers are the defaults.
 */
export const loadServiceSettings = <T extends object>(service: ServiceName, Schema: new () => T, env: NodeJS.ProcessEnv = process.env): T => {
  const given = Object.keys(new Schema()).flatMap((name) => (env[name] === undefined || env[name] === '' ? [] : [[name, env[name]]]));
  const parsed = plainToInstance(Schema, Object.fromEntries(given));
  const problems = flattenValidationErrors(validateSync(parsed)).map((e) => `${e.field}: ${e.messages.join(', ')}`);
  if (problems.length > 0) throw new InvalidConfiguration(service, problems);
  return parsed;
};

/** Service-specific variables (INTAKE_PORT) win over shared ones (PORT). */
export const loadServiceConfig = (service: ServiceName, env: NodeJS.ProcessEnv = process.env): ServiceConfig => {
  const prefix = service.toUpperCase().replace(/-/g, '_');
  const pick = (name: string, fallback?: string): string | undefined => env[`${prefix}_${name}`] ?? env[name] ?? fallback;
  const raw = {
    DATABASE_URL: pick('DATABASE_URL'),
    KAFKA_BROKERS: pick('KAFKA_BROKERS') || undefined,
    KAFKA_NAMESPACE: pick('KAFKA_NAMESPACE', DEFAULT_KAFKA_NAMESPACE),
    PORT: pick('PORT', String(DEFAULT_PORTS[service])),
    HOST: pick('HOST', '127.0.0.1'),
    EVENT_POLL_INTERVAL_MS: pick('EVENT_POLL_INTERVAL_MS', '2000'),
    KAFKA_PARTITIONS: pick('KAFKA_PARTITIONS', '6'),
    KAFKA_REPLICATION_FACTOR: pick('KAFKA_REPLICATION_FACTOR', '1'),
    DB_POOL_SIZE: pick('DB_POOL_SIZE', '10'),
    DB_CONNECT_TIMEOUT_MS: pick('DB_CONNECT_TIMEOUT_MS', '15000'),
    SHUTDOWN_TIMEOUT_MS: pick('SHUTDOWN_TIMEOUT_MS', '10000'),
    SHUTDOWN_DRAIN_DELAY_MS: pick('SHUTDOWN_DRAIN_DELAY_MS', '0'),
    LOG_FORMAT: pick('LOG_FORMAT', 'text'),
    METRICS_EVENT_LOOP_PRECISION_MS: pick('METRICS_EVENT_LOOP_PRECISION_MS', '100'),
    AUTH_JWKS: pick('AUTH_JWKS') || undefined,
    AUTH_JWKS_URL: pick('AUTH_JWKS_URL') || undefined,
    AUTH_SIGNING_KEY: pick('AUTH_SIGNING_KEY') || undefined,
    AUTH_ISSUER: pick('AUTH_ISSUER', 'mallcare'),
    AUTH_AUDIENCE: pick('AUTH_AUDIENCE', 'mallcare-api'),
    AUTH_MAX_TOKEN_LIFETIME_SECONDS: pick('AUTH_MAX_TOKEN_LIFETIME_SECONDS', '43200'),
    AUTH_TOKEN_TTL_SECONDS: pick('AUTH_TOKEN_TTL_SECONDS', '28800'),
    AUTH_CLOCK_TOLERANCE_SECONDS: pick('AUTH_CLOCK_TOLERANCE_SECONDS', '30'),
    AUTH_DEMO_TOKENS: pick('AUTH_DEMO_TOKENS', 'false'),
    AUTH_SIGNIN_MAX_FAILURES: pick('AUTH_SIGNIN_MAX_FAILURES', '5'),
    AUTH_SIGNIN_WINDOW_SECONDS: pick('AUTH_SIGNIN_WINDOW_SECONDS', '900'),
    AUTH_SIGNIN_LOCK_SECONDS: pick('AUTH_SIGNIN_LOCK_SECONDS', '900'),
    AUTH_PASSWORD_MIN_LENGTH: pick('AUTH_PASSWORD_MIN_LENGTH', '10'),
    OIDC_ISSUER: pick('OIDC_ISSUER') || undefined,
    OIDC_CLIENT_ID: pick('OIDC_CLIENT_ID', 'mallcare-console'),
    OIDC_STAFF_CLAIM: pick('OIDC_STAFF_CLAIM', 'preferred_username'),
    OIDC_ROLES_CLAIM: pick('OIDC_ROLES_CLAIM', 'mallcare_roles'),
    OIDC_MALL_CLAIM: pick('OIDC_MALL_CLAIM', 'mallcare_mall'),
    TRUSTED_PROXIES: pick('TRUSTED_PROXIES', ''),
    THROTTLE_LIMIT: pick('THROTTLE_LIMIT', '1200'),
    THROTTLE_TTL_SECONDS: pick('THROTTLE_TTL_SECONDS', '60'),
    THROTTLE_SIGN_IN_LIMIT: pick('THROTTLE_SIGN_IN_LIMIT', '10'),
    LOOKUP_MAX_FAILURES: pick('LOOKUP_MAX_FAILURES', '5'),
    LOOKUP_CALLER_MAX_FAILURES: pick('LOOKUP_CALLER_MAX_FAILURES', '30'),
    LOOKUP_WINDOW_SECONDS: pick('LOOKUP_WINDOW_SECONDS', '900'),
  };
  const parsed = plainToInstance(ServiceEnvironment, raw);
  const problems = flattenValidationErrors(validateSync(parsed)).map((e) => `${e.field}: ${e.messages.join(', ')}`);
  const auth = problems.length === 0 ? authSettingsOf(parsed, problems) : undefined;
  if (problems.length > 0 || !auth) throw new InvalidConfiguration(service, problems);
  return {
    service,
    databaseUrl: parsed.DATABASE_URL,
    kafkaBrokers: parsed.KAFKA_BROKERS ? parsed.KAFKA_BROKERS.split(',').map((b) => b.trim()) : [],
    kafkaNamespace: parsed.KAFKA_NAMESPACE,
    port: parsed.PORT,
    host: parsed.HOST,
    pollIntervalMs: parsed.EVENT_POLL_INTERVAL_MS,
    kafkaPartitions: parsed.KAFKA_PARTITIONS,
    kafkaReplicationFactor: parsed.KAFKA_REPLICATION_FACTOR,
    dbPoolSize: parsed.DB_POOL_SIZE,
    dbConnectTimeoutMs: parsed.DB_CONNECT_TIMEOUT_MS,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    shutdownDrainDelayMs: parsed.SHUTDOWN_DRAIN_DELAY_MS,
    logFormat: parsed.LOG_FORMAT,
    eventLoopMonitoringPrecisionMs: parsed.METRICS_EVENT_LOOP_PRECISION_MS,
    auth,
    trustedProxies: parsed.TRUSTED_PROXIES.split(',').map((entry) => entry.trim()).filter(Boolean),
    throttle: {
      api: { limit: parsed.THROTTLE_LIMIT, ttlSeconds: parsed.THROTTLE_TTL_SECONDS },
      signIn: { limit: parsed.THROTTLE_SIGN_IN_LIMIT, ttlSeconds: parsed.THROTTLE_TTL_SECONDS },
      publicLookup: { maxFailures: parsed.LOOKUP_MAX_FAILURES, callerMaxFailures: parsed.LOOKUP_CALLER_MAX_FAILURES, windowSeconds: parsed.LOOKUP_WINDOW_SECONDS },
    },
  };
};

/** Inline JSON, or the path of a file holding it. */
const jsonSetting = (name: string, value: string, problems: string[]): unknown => {
  const text = value.trim().startsWith('{') ? value : existsSync(value) ? readFileSync(value, 'utf8') : undefined;
  if (text === undefined) {
    problems.push(`${name}: neither JSON nor the path of an existing file`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    problems.push(`${name}: not valid JSON`);
    return undefined;
  }
};

const keySetOf = (value: unknown, problems: string[]): TokenKeySet | undefined => {
  const keys = (value as { keys?: unknown } | undefined)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((key) => typeof key === 'object' && key !== null && typeof (key as TokenJwk).kid === 'string')) {
    problems.push('AUTH_JWKS: must be a key set {"keys":[…]} of at least one key, each with a kid');
    return undefined;
  }
  try {
    // Only public halves are kept, whatever was given.
    return publicKeySetOf(keys as TokenJwk[]);
  } catch (error) {
    problems.push(`AUTH_JWKS: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
};

const authSettingsOf = (parsed: ServiceEnvironment, problems: string[]): AuthSettings | undefined => {
  const jwks = parsed.AUTH_JWKS ? keySetOf(jsonSetting('AUTH_JWKS', parsed.AUTH_JWKS, problems), problems) : undefined;
  let signingKey: TokenJwk | undefined;
  if (parsed.AUTH_SIGNING_KEY) {
    const jwk = jsonSetting('AUTH_SIGNING_KEY', parsed.AUTH_SIGNING_KEY, problems) as TokenJwk | undefined;
    try {
      if (jwk) signingKeyFromJwk(jwk);
      signingKey = jwk;
    } catch (error) {
      problems.push(`AUTH_SIGNING_KEY: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (!parsed.AUTH_JWKS && !parsed.AUTH_JWKS_URL && !parsed.AUTH_SIGNING_KEY) {
    problems.push('AUTH_JWKS or AUTH_JWKS_URL is required: the public keys staff tokens are verified with (npm start generates the key pair into .data/auth-keys.json)');
  }
  if (parsed.AUTH_TOKEN_TTL_SECONDS > parsed.AUTH_MAX_TOKEN_LIFETIME_SECONDS) {
    problems.push('AUTH_TOKEN_TTL_SECONDS: must not exceed AUTH_MAX_TOKEN_LIFETIME_SECONDS');
  }
  if (problems.length > 0) return undefined;
  return {
    // The issuer verifies its own tokens with its key's public half, beside the keys still valid from before a rotation.
    jwks: signingKey ? publicKeySetOf([...(jwks?.keys ?? []), signingKey]) : jwks,
    jwksUrl: parsed.AUTH_JWKS_URL,
    signingKey,
    issuer: parsed.AUTH_ISSUER,
    audience: parsed.AUTH_AUDIENCE,
    maxTokenLifetimeSeconds: parsed.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
    tokenTtlSeconds: parsed.AUTH_TOKEN_TTL_SECONDS,
    clockToleranceSeconds: parsed.AUTH_CLOCK_TOLERANCE_SECONDS,
    demoTokens: parsed.AUTH_DEMO_TOKENS === 'true',
    oidc: parsed.OIDC_ISSUER
      ? { issuer: parsed.OIDC_ISSUER.replace(/\/$/, ''), clientId: parsed.OIDC_CLIENT_ID, staffClaim: parsed.OIDC_STAFF_CLAIM, rolesClaim: parsed.OIDC_ROLES_CLAIM, mallClaim: parsed.OIDC_MALL_CLAIM }
      : undefined,
    signIn: {
      maxFailures: parsed.AUTH_SIGNIN_MAX_FAILURES,
      windowSeconds: parsed.AUTH_SIGNIN_WINDOW_SECONDS,
      lockSeconds: parsed.AUTH_SIGNIN_LOCK_SECONDS,
      passwordMinLength: parsed.AUTH_PASSWORD_MIN_LENGTH,
    },
  };
};

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
