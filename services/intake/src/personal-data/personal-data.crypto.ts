import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { openValue, sealValue } from '@mallcare/platform';

/**
 * Personal data at rest (DOMAIN §10): every person gets a random data key, kept only wrapped by the
 * master key; each field is AES-256-GCM under that data key, bound to its person, case and field.
 * Destroying the wrapped key makes every field of that person unreadable (crypto-shredding).
 */
export const KEY_BYTES = 32;

export interface PersonalDataKeys {
  /** Wraps each person's data key. */
  wrapping: Buffer;
  /** Keys the phone blind index (HMAC), so equal phones match without being stored. */
  blindIndex: Buffer;
  /** Keys the fingerprint of an idempotent request (it may carry personal data). */
  fingerprint: Buffer;
}

export class PersonalDataUnreadable extends Error {
  constructor(reason: string) {
    super(`personal data cannot be read: ${reason}`);
    this.name = 'PersonalDataUnreadable';
  }
}

/** One master key, a separate derived key per purpose, so no key does two jobs. */
export const derivePersonalDataKeys = (master: Buffer): PersonalDataKeys => {
  if (master.length !== KEY_BYTES) throw new Error(`the personal-data master key must be ${KEY_BYTES} bytes, not ${master.length}`);
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', master, 'mallcare-intake', purpose, KEY_BYTES));
  return { wrapping: derive('wrap data keys'), blindIndex: derive('phone blind index'), fingerprint: derive('request fingerprint') };
};

/** INTAKE_PII_MASTER_KEY (or PII_MASTER_KEY): 32 random bytes, base64. */
export const parseMasterKey = (value: string | undefined): Buffer => {
  if (!value) {
    throw new Error('INTAKE_PII_MASTER_KEY (or PII_MASTER_KEY) is required: 32 random bytes in base64, e.g. `openssl rand -base64 32` (npm start generates one)');
  }
  const key = Buffer.from(value.trim(), 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== value.trim()) {
    throw new Error(`INTAKE_PII_MASTER_KEY must be ${KEY_BYTES} bytes in base64 (got ${key.length} bytes)`);
  }
  return key;
};

const seal = sealValue;

const open = (key: Buffer, sealed: Buffer, aad: string): Buffer => {
  try {
    return openValue(key, sealed, aad);
  } catch {
    throw new PersonalDataUnreadable('wrong key, tampered or truncated ciphertext');
  }
};

export const newDataKey = (): Buffer => randomBytes(KEY_BYTES);

export const wrapDataKey = (keys: PersonalDataKeys, subjectId: string, dataKey: Buffer): Buffer => seal(keys.wrapping, dataKey, `subject:${subjectId}`);

/** Null after erasure: the wrapped key is gone, so is every field. */
export const unwrapDataKey = (keys: PersonalDataKeys, subjectId: string, wrapped: Buffer | null): Buffer => {
  if (wrapped === null) throw new PersonalDataUnreadable(`the key of subject ${subjectId} was erased`);
  return open(keys.wrapping, wrapped, `subject:${subjectId}`);
};

const fieldAad = (subjectId: string, recordId: string, field: string): string => `${subjectId}/${recordId}/${field}`;

export const encryptField = (dataKey: Buffer, subjectId: string, recordId: string, field: string, value: string): Buffer =>
  seal(dataKey, Buffer.from(value, 'utf8'), fieldAad(subjectId, recordId, field));

export const decryptField = (dataKey: Buffer, subjectId: string, recordId: string, field: string, sealed: Buffer): string =>
  open(dataKey, sealed, fieldAad(subjectId, recordId, field)).toString('utf8');

/**
 * One phone number, one form: full-width digits made ASCII, separators dropped, the mainland
 * country code (+86, 0086, 86) dropped before a mobile number. Returns null when it has no digits.
 */
export const normalisePhone = (phone: string): string | null => {
  const digits = phone.normalize('NFKC').replace(/[^\d+]/g, '');
  let plain = digits.replace(/^\+/, '00').replace(/\D/g, '');
  const mobile = /^(?:0086|86)(1\d{10})$/.exec(plain);
  if (mobile) plain = mobile[1];
  return plain.length > 0 ? plain : null;
};

export const phoneBlindIndex = (keys: PersonalDataKeys, phone: string): string | null => {
  const normalised = normalisePhone(phone);
  return normalised === null ? null : createHmac('sha256', keys.blindIndex).update(normalised).digest('hex');
};

export const requestFingerprint = (keys: PersonalDataKeys, canonical: string): string => createHmac('sha256', keys.fingerprint).update(canonical).digest('hex');

/** `138****5678`: the first three and the last four digits of a mobile number, fewer of a short one. */
export const maskPhone = (phone: string): string => {
  const digits = normalisePhone(phone) ?? '';
  if (digits.length >= 11) return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
  if (digits.length >= 7) return `${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}`;
  return '*'.repeat(Math.max(digits.length, 4));
};

/** `张*` / `张**`: the family name (first character) stays, the rest is hidden. */
export const maskName = (name: string): string => {
  const characters = [...name.trim()];
  if (characters.length === 0) return '';
  return `${characters[0]}${'*'.repeat(Math.max(characters.length - 1, 1))}`;
};

export const maskEmail = (email: string): string => {
  const [local, domain] = email.split('@');
  if (!domain) return maskName(email);
  return `${local.slice(0, 1)}***@${domain}`;
};

/** Anything else (address, account, people involved): only that something was given. */
export const maskText = (text: string): string => (text.length > 0 ? '***' : '');
