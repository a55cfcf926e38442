import { createHmac, timingSafeEqual } from 'node:crypto';
import { claimsOfIdentity, type Identity } from './staff-identity';

/**
 * Compact HS256 JSON Web Tokens (RFC 7519) with node's crypto: enough for the local issuer and
 * the guard. A group identity provider (RS256/JWKS) replaces the issuer, not the guard's contract.
 */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export const MIN_SECRET_LENGTH = 32;

export class InvalidToken extends Error {
  constructor(reason: string) {
    super(`invalid token: ${reason}`);
    this.name = 'InvalidToken';
  }
}

const signature = (input: string, secret: string): Buffer => createHmac('sha256', secret).update(input).digest();

export interface SignOptions {
  secret: string;
  /** Lifetime in seconds. */
  expiresInSeconds: number;
  issuer?: string;
  now?: Date;
}

export const signJwt = (claims: Record<string, unknown>, options: SignOptions): string => {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const payload = { ...claims, iat, exp: iat + options.expiresInSeconds, ...(options.issuer ? { iss: options.issuer } : {}) };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${signature(input, options.secret).toString('base64url')}`;
};

const parseSegment = (segment: string, what: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // falls through to the error below
  }
  throw new InvalidToken(`${what} is not a JSON object`);
};

/** Verifies signature, algorithm and time; returns the claims. Throws InvalidToken otherwise. */
export const verifyJwt = (token: string, secret: string, now: Date = new Date(), leewaySeconds = 30): Record<string, unknown> => {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidToken('not a compact JWT');
  const [header, payload, given] = parts;
  // The algorithm is fixed, never taken from the token (no "alg": "none" or key confusion).
  if (parseSegment(header, 'header').alg !== 'HS256') throw new InvalidToken('algorithm must be HS256');
  const expected = signature(`${header}.${payload}`, secret);
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new InvalidToken('signature does not match');
  const claims = parseSegment(payload, 'payload');
  const seconds = now.getTime() / 1000;
  if (typeof claims.exp !== 'number') throw new InvalidToken('no expiry');
  if (seconds > claims.exp + leewaySeconds) throw new InvalidToken('expired');
  if (typeof claims.nbf === 'number' && seconds + leewaySeconds < claims.nbf) throw new InvalidToken('not valid yet');
  return claims;
};

/** A staff token for an identity (the local issuer's and the tests' way to make one). */
export const signStaffToken = (identity: Identity, options: SignOptions): string => signJwt(claimsOfIdentity(identity), options);
