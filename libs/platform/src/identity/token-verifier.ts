import { Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { TOKEN_ALGORITHMS } from '@mallcare/policy';
import { SERVICE_CONFIG, type AuthSettings, type ServiceConfig } from '../config/service-config';

export class InvalidToken extends Error {
  constructor(reason: string) {
    super(`invalid token: ${reason}`);
    this.name = 'InvalidToken';
  }
}

/** How long a fetched key set is used before it is fetched again, and how soon an unknown kid may refetch it. */
const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;
const JWKS_COOLDOWN_MS = 30_000;
/**
 * A desk sends the same token with every request, and checking its Ed25519 signature was ~9 % of
 * intake's CPU per registration (bench/README.md): a token verified is trusted again for up to a
 * minute, never past its own exp or maximum age. No longer than the key set itself is cached, so a
 * removed key stops its tokens no later than it did.
 */
const VERIFIED_FOR_MS = 60_000;
const VERIFIED_TOKENS_KEPT = 10_000;

const reasonOf = (error: unknown): string => {
  if (error instanceof errors.JWTExpired) return error.claim === 'iat' ? 'issued too long ago' : 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `${error.claim} claim check failed (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'signed with an unknown key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature does not match';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return 'the key set could not be fetched';
  if (error instanceof errors.JOSEError) return 'not a well-formed signed JWT';
  return error instanceof Error ? error.message : String(error);
};

/** The key set a service verifies with: inline (or from a file), or fetched from the issuer and cached. */
export const keySetOf = (auth: AuthSettings): JWTVerifyGetKey => {
  if (auth.jwks) return createLocalJWKSet(auth.jwks as Parameters<typeof createLocalJWKSet>[0]);
  if (auth.jwksUrl) return createRemoteJWKSet(new URL(auth.jwksUrl), { cacheMaxAge: JWKS_CACHE_MAX_AGE_MS, cooldownDuration: JWKS_COOLDOWN_MS });
  throw new Error('no key set configured (AUTH_JWKS or AUTH_JWKS_URL)');
};

/**
 * Verifies a staff token with jose: signature by a key of the set (kid), the algorithm from our
 * list (never "none", never HMAC), issuer, audience, exp/nbf/iat with a small leeway, and a
 * lifetime no longer than the maximum however well the token is signed.
 */
@Injectable()
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly auth: AuthSettings;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    this.auth = config.auth;
    this.keys = keySetOf(config.auth);
  }

  /** Tokens verified lately, with the instant until which each may be trusted without checking again. */
  private readonly verified = new Map<string, { payload: JWTPayload & Record<string, unknown>; from: number; until: number }>();

  async verify(token: string, now: Date = new Date()): Promise<JWTPayload & Record<string, unknown>> {
    const known = this.verified.get(token);
    if (known && known.from <= now.getTime() && now.getTime() < known.until) return known.payload;
    const payload = await this.verifyAfresh(token, now);
    const { maxTokenLifetimeSeconds, clockToleranceSeconds } = this.auth;
    const expires = ((payload.exp as number) + clockToleranceSeconds) * 1000;
    const tooOld = ((payload.iat as number) + maxTokenLifetimeSeconds + clockToleranceSeconds) * 1000;
    this.verified.delete(token);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { payload, from: now.getTime(), until: Math.min(expires, tooOld, now.getTime() + VERIFIED_FOR_MS) });
    return payload;
  }

  private async verifyAfresh(token: string, now: Date): Promise<JWTPayload & Record<string, unknown>> {
    const { maxTokenLifetimeSeconds, clockToleranceSeconds } = this.auth;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: [...TOKEN_ALGORITHMS],
        issuer: this.auth.issuer,
        audience: this.auth.audience,
        clockTolerance: clockToleranceSeconds,
        maxTokenAge: maxTokenLifetimeSeconds,
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: now,
      }));
    } catch (error) {
      throw new InvalidToken(reasonOf(error));
    }
    if ((payload.exp as number) - (payload.iat as number) > maxTokenLifetimeSeconds) {
      throw new InvalidToken(`lifetime longer than the ${maxTokenLifetimeSeconds} s allowed`);
    }
    return payload;
  }
}
