import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { claimsOfIdentity, type Identity } from './staff-identity';

/**
 * Staff tokens are JSON Web Tokens (RFC 7519) signed with a private key only the issuer holds
 * (EdDSA over Ed25519, or ES256); every service verifies them with the public key set (JWKS).
 * Signing is synchronous node:crypto so tests and scripts can mint tokens inline; verification
 * is jose's, in the platform's guard.
 */
export const TOKEN_ALGORITHMS = ['EdDSA', 'ES256'] as const;
export type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[number];

/** A key as a JWK with its `kid`: private (the issuer's) or public (the key set's). */
export type TokenJwk = JsonWebKey & { kid: string; alg?: string; use?: string };

export interface TokenKeySet {
  keys: TokenJwk[];
}

export interface SigningKey {
  kid: string;
  alg: TokenAlgorithm;
  privateKey: KeyObject;
}

export class InvalidSigningKey extends Error {
  constructor(reason: string) {
    super(`invalid signing key: ${reason}`);
    this.name = 'InvalidSigningKey';
  }
}

const algorithmOf = (jwk: JsonWebKey): TokenAlgorithm => {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  throw new InvalidSigningKey(`only Ed25519 (OKP) or P-256 (EC) keys are used, got ${String(jwk.kty)}/${String(jwk.crv)}`);
};

/** The issuer's key from its private JWK (it must carry a `kid` and the private part `d`). */
export const signingKeyFromJwk = (jwk: TokenJwk): SigningKey => {
  if (typeof jwk.kid !== 'string' || jwk.kid.length === 0) throw new InvalidSigningKey('the JWK has no kid');
  if (typeof jwk.d !== 'string') throw new InvalidSigningKey('the JWK is not a private key (no "d")');
  const alg = algorithmOf(jwk);
  try {
    return { kid: jwk.kid, alg, privateKey: createPrivateKey({ key: jwk, format: 'jwk' }) };
  } catch (error) {
    throw new InvalidSigningKey(error instanceof Error ? error.message : String(error));
  }
};

/** The public half of a key, as published in the JWKS. */
export const publicJwkOf = (jwk: TokenJwk): TokenJwk => {
  const alg = algorithmOf(jwk);
  const publicJwk = createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'jwk' });
  return { ...publicJwk, kid: jwk.kid, alg, use: 'sig' };
};

/** A new private key (Ed25519 unless asked for ES256) with a fresh kid; the launcher and tests make theirs this way. */
export const generateSigningJwk = (alg: TokenAlgorithm = 'EdDSA', kid: string = randomUUID()): TokenJwk => {
  const { privateKey } = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
};

/** The public key set for some keys, private or public, one entry per kid. */
export const publicKeySetOf = (jwks: TokenJwk[]): TokenKeySet => {
  const byKid = new Map<string, TokenJwk>();
  for (const jwk of jwks) byKid.set(jwk.kid, publicJwkOf(jwk));
  return { keys: [...byKid.values()] };
};

export interface SignOptions {
  key: SigningKey;
  /** Lifetime in seconds. */
  expiresInSeconds: number;
  issuer: string;
  audience: string;
  now?: Date;
}

export const signJwt = (claims: Record<string, unknown>, options: SignOptions): string => {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const header = { alg: options.key.alg, typ: 'JWT', kid: options.key.kid };
  const payload = { ...claims, iss: options.issuer, aud: options.audience, iat, nbf: iat, exp: iat + options.expiresInSeconds, jti: randomUUID() };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode(header)}.${encode(payload)}`;
  const signature =
    options.key.alg === 'EdDSA'
      ? sign(null, Buffer.from(input), options.key.privateKey)
      : sign('sha256', Buffer.from(input), { key: options.key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
};

/** A staff token for an identity (the issuer's and the tests' way to make one). */
export const signStaffToken = (identity: Identity, options: SignOptions): string => signJwt(claimsOfIdentity(identity), options);
