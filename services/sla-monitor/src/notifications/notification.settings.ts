import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * How notifications leave the building: where the console is, the SMTP relay, the robots' webhooks,
 * the SMS provider, the key that protects staff contact details, and the delivery loop. Secrets come
 * from the environment only; a channel without its settings is off (its messages are marked failed,
 * visibly, rather than silently dropped).
 */
export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS when offered, required when `requireTls`. */
  secure: boolean;
  requireTls: boolean;
  user: string | null;
  password: string | null;
  from: string;
  /** Extra CA to trust (PEM), for a relay with a private certificate. */
  ca: string | null;
}

export interface RobotEndpoint {
  url: string;
  /** DingTalk's 加签 secret (SEC…); WeCom robots have none. */
  secret: string | null;
}

export interface SmsSettings {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  endpoint: string;
  regionId: string;
}

export interface DeliveryLoopSettings {
  enabled: boolean;
  workerId: string;
  pollIntervalMs: number;
  batchSize: number;
}

export interface NotificationSettings {
  consoleBaseUrl: string;
  smtp: SmtpSettings | null;
  robots: Record<string, RobotEndpoint>;
  sms: SmsSettings | null;
  /** 32 bytes; null: contact details cannot be stored, e-mail and SMS have nobody to reach. */
  contactsMasterKey: Buffer | null;
  delivery: DeliveryLoopSettings;
}

export const NOTIFICATION_SETTINGS = Symbol('NOTIFICATION_SETTINGS');

const problem = (name: string, message: string): Error => new Error(`${name} ${message}`);

const integer = (name: string, raw: string | undefined, fallback: number, min: number): number => {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw problem(name, `must be an integer of at least ${min} (got "${raw}")`);
  return value;
};

const flag = (name: string, raw: string | undefined, fallback: boolean): boolean => {
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw problem(name, `must be true or false (got "${raw}")`);
  return raw === 'true';
};

const robotsFrom = (raw: string | undefined): Record<string, RobotEndpoint> => {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw problem('NOTIFY_ROBOTS', 'must be JSON: {"<robot id>": {"url": "https://…", "secret": "SEC…"}}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw problem('NOTIFY_ROBOTS', 'must be a JSON object keyed by robot id');
  return Object.fromEntries(
    Object.entries(parsed as Record<string, { url?: unknown; secret?: unknown }>).map(([id, endpoint]) => {
      if (typeof endpoint?.url !== 'string' || !/^https?:\/\//.test(endpoint.url)) throw problem('NOTIFY_ROBOTS', `robot ${id} needs an http(s) url`);
      return [id, { url: endpoint.url, secret: typeof endpoint.secret === 'string' && endpoint.secret !== '' ? endpoint.secret : null }];
    }),
  );
};

const masterKeyFrom = (raw: string | undefined): Buffer | null => {
  if (!raw) return null;
  const key = Buffer.from(raw.trim(), 'base64');
  if (key.length !== 32 || key.toString('base64') !== raw.trim()) throw problem('NOTIFY_CONTACTS_MASTER_KEY', 'must be 32 bytes in base64 (openssl rand -base64 32)');
  return key;
};

export const notificationSettingsFrom = (env: NodeJS.ProcessEnv): NotificationSettings => {
  const smtpHost = env.NOTIFY_SMTP_HOST;
  const smtp: SmtpSettings | null = smtpHost
    ? {
        host: smtpHost,
        port: integer('NOTIFY_SMTP_PORT', env.NOTIFY_SMTP_PORT, 587, 1),
        secure: flag('NOTIFY_SMTP_SECURE', env.NOTIFY_SMTP_SECURE, false),
        requireTls: flag('NOTIFY_SMTP_REQUIRE_TLS', env.NOTIFY_SMTP_REQUIRE_TLS, true),
        user: env.NOTIFY_SMTP_USER || null,
        password: env.NOTIFY_SMTP_PASSWORD || null,
        from: env.NOTIFY_SMTP_FROM || 'mallcare <noreply@mallcare.invalid>',
        ca: env.NOTIFY_SMTP_CA_FILE ? readFileSync(env.NOTIFY_SMTP_CA_FILE, 'utf8') : null,
      }
    : null;
  const smsKey = env.NOTIFY_SMS_ACCESS_KEY_ID;
  const sms: SmsSettings | null = smsKey
    ? {
        accessKeyId: smsKey,
        accessKeySecret: env.NOTIFY_SMS_ACCESS_KEY_SECRET ?? '',
        signName: env.NOTIFY_SMS_SIGN_NAME ?? '',
        templateCode: env.NOTIFY_SMS_TEMPLATE_CODE ?? '',
        endpoint: env.NOTIFY_SMS_ENDPOINT || 'https://dysmsapi.aliyuncs.com/',
        regionId: env.NOTIFY_SMS_REGION_ID || 'cn-hangzhou',
      }
    : null;
  if (sms && (!sms.accessKeySecret || !sms.signName || !sms.templateCode)) {
    throw problem('NOTIFY_SMS_ACCESS_KEY_ID', 'is set, so NOTIFY_SMS_ACCESS_KEY_SECRET, NOTIFY_SMS_SIGN_NAME and NOTIFY_SMS_TEMPLATE_CODE must be too');
  }
  return {
    consoleBaseUrl: (env.CONSOLE_BASE_URL || 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    smtp,
    robots: robotsFrom(env.NOTIFY_ROBOTS),
    sms,
    contactsMasterKey: masterKeyFrom(env.NOTIFY_CONTACTS_MASTER_KEY || env.PII_MASTER_KEY),
    delivery: {
      enabled: flag('NOTIFY_DELIVERY_ENABLED', env.NOTIFY_DELIVERY_ENABLED, true),
      workerId: env.NOTIFY_DELIVERY_WORKER_ID || `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      pollIntervalMs: integer('NOTIFY_DELIVERY_POLL_MS', env.NOTIFY_DELIVERY_POLL_MS, 2_000, 10),
      batchSize: integer('NOTIFY_DELIVERY_BATCH_SIZE', env.NOTIFY_DELIVERY_BATCH_SIZE, 20, 1),
    },
  };
};
