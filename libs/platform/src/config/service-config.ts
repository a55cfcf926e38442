import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { DEFAULT_KAFKA_NAMESPACE, DEFAULT_PORTS, flattenValidationErrors, type ServiceName } from '@mallcare/contracts';
import { MIN_SECRET_LENGTH } from '@mallcare/policy';

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

  @Matches(new RegExp(`^\\S{${MIN_SECRET_LENGTH},}$`), {
    message: `AUTH_JWT_SECRET is required: at least ${MIN_SECRET_LENGTH} characters, no spaces, the secret that signs staff tokens (npm start generates one into .data/secrets.json)`,
  })
  AUTH_JWT_SECRET!: string;

  @IsIn(['true', 'false'], { message: 'AUTH_LOCAL_ISSUER must be true or false' })
  AUTH_LOCAL_ISSUER!: 'true' | 'false';
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
  /** HS256 secret staff tokens are signed with; never logged. */
  authJwtSecret: string;
  /** Whether routing's POST /auth/token issues tokens for the seed's staff (development, demos). */
  authLocalIssuer: boolean;
}

export class InvalidConfiguration extends Error {
  constructor(service: string, problems: string[]) {
    super(`${service}: invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidConfiguration';
  }
}

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
    EVENT_POLL_INTERVAL_MS: pick('EVENT_POLL_INTERVAL_MS', '200'),
    KAFKA_PARTITIONS: pick('KAFKA_PARTITIONS', '6'),
    KAFKA_REPLICATION_FACTOR: pick('KAFKA_REPLICATION_FACTOR', '1'),
    DB_POOL_SIZE: pick('DB_POOL_SIZE', '10'),
    DB_CONNECT_TIMEOUT_MS: pick('DB_CONNECT_TIMEOUT_MS', '15000'),
    SHUTDOWN_TIMEOUT_MS: pick('SHUTDOWN_TIMEOUT_MS', '10000'),
    SHUTDOWN_DRAIN_DELAY_MS: pick('SHUTDOWN_DRAIN_DELAY_MS', '0'),
    LOG_FORMAT: pick('LOG_FORMAT', 'text'),
    AUTH_JWT_SECRET: pick('AUTH_JWT_SECRET'),
    AUTH_LOCAL_ISSUER: pick('AUTH_LOCAL_ISSUER', 'false'),
  };
  const parsed = plainToInstance(ServiceEnvironment, raw);
  const errors = flattenValidationErrors(validateSync(parsed));
  if (errors.length > 0) {
    throw new InvalidConfiguration(service, errors.map((e) => `${e.field}: ${e.messages.join(', ')}`));
  }
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
    authJwtSecret: parsed.AUTH_JWT_SECRET,
    authLocalIssuer: parsed.AUTH_LOCAL_ISSUER === 'true',
  };
};

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
