/**
 * The token-signing keys `npm start` keeps in .data/auth-keys.json (mode 600): a list of private
 * JWKs, the newest last. The issuer signs with the newest; every key in the list is published, so
 * a rotation has an overlap in which tokens of both keys are accepted.
 *   npm run auth:keys -- rotate   add a new key (restart: new tokens use it, old ones still verify)
 *   npm run auth:keys -- retire   drop every key but the newest (once the old tokens have expired)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningJwk, publicKeySetOf, signingKeyFromJwk, type TokenJwk, type TokenKeySet } from '@mallcare/policy';

export interface AuthKeys {
  /** The newest private key: only the issuer (routing) gets it. */
  signingKey: TokenJwk;
  /** The public halves of every key: what every service verifies with. */
  publicKeySet: TokenKeySet;
}

const keyFile = (dataDir: string) => join(dataDir, 'auth-keys.json');

const readKeys = (file: string): TokenJwk[] => {
  const { keys } = JSON.parse(readFileSync(file, 'utf8')) as { keys?: TokenJwk[] };
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`${file} holds no keys`);
  keys.forEach(signingKeyFromJwk);
  return keys;
};

const writeKeys = (file: string, keys: TokenJwk[]) => writeFileSync(file, JSON.stringify({ keys }, null, 2), { mode: 0o600 });

/** The keys in dataDir, generated once (Ed25519) when there are none. */
export const ensureAuthKeys = (dataDir: string, say: (line: string) => void): AuthKeys => {
  const file = keyFile(dataDir);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeKeys(file, [generateSigningJwk()]);
    say(`generated the token-signing key pair in ${file}`);
  }
  const keys = readKeys(file);
  return { signingKey: keys[keys.length - 1], publicKeySet: publicKeySetOf(keys) };
};

export const rotateAuthKeys = (dataDir: string): TokenJwk[] => {
  const file = keyFile(dataDir);
  const keys = [...(existsSync(file) ? readKeys(file) : []), generateSigningJwk()];
  writeKeys(file, keys);
  return keys;
};

export const retireOldAuthKeys = (dataDir: string): TokenJwk[] => {
  const file = keyFile(dataDir);
  const keys = readKeys(file).slice(-1);
  writeKeys(file, keys);
  return keys;
};
