import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A value sealed at rest: AES-256-GCM, random IV, bound to what it belongs to by its associated data
 * (a sealed value copied to another person, record or field does not open). Layout: IV | tag | body.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

export const sealValue = (key: Buffer, plaintext: Buffer, associatedData: string): Buffer => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
};

/** Throws when the value is too short, the key wrong, or the value or its associated data changed. */
export const openValue = (key: Buffer, sealed: Buffer, associatedData: string): Buffer => {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
};
