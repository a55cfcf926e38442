import {
  generateSigningJwk,
  identityOfStaff,
  publicKeySetOf,
  SAMPLE_GROUP_POLICY,
  signingKeyFromJwk,
  signStaffToken,
  type Identity,
  type TokenJwk,
} from '@mallcare/policy';

/** The tests' issuer key, made fresh for each test file (no private key is ever written in the source). */
export const TEST_SIGNING_JWK: TokenJwk = generateSigningJwk('EdDSA', 'test-key-1');

/** What tests put in AUTH_JWKS: the public half of TEST_SIGNING_JWK. */
export const TEST_AUTH_JWKS = JSON.stringify(publicKeySetOf([TEST_SIGNING_JWK]));

/** The issuer and audience every service expects unless configured otherwise (AUTH_ISSUER, AUTH_AUDIENCE). */
export const TEST_AUTH_ISSUER = 'mallcare';
export const TEST_AUTH_AUDIENCE = 'mallcare-api';

export interface TestTokenOptions {
  /** Defaults to TEST_SIGNING_JWK. */
  signingJwk?: TokenJwk;
  expiresInSeconds?: number;
  now?: Date;
  issuer?: string;
  audience?: string;
}

/** A bearer token for an identity, signed as the issuer signs them. */
export const issueTestToken = (identity: Identity, options: TestTokenOptions = {}): string =>
  signStaffToken(identity, {
    key: signingKeyFromJwk(options.signingJwk ?? TEST_SIGNING_JWK),
    expiresInSeconds: options.expiresInSeconds ?? 3600,
    issuer: options.issuer ?? TEST_AUTH_ISSUER,
    audience: options.audience ?? TEST_AUTH_AUDIENCE,
    now: options.now,
  });

/** The identity of a staff member of the sample group, e.g. `seedIdentity('sh01-desk-1')`. */
export const seedIdentity = (staffId: string): Identity => {
  const identity = identityOfStaff(SAMPLE_GROUP_POLICY, staffId);
  if (!identity) throw new Error(`no active staff member ${staffId} in the sample group`);
  return identity;
};

/** `Authorization` header value for a sample-group staff member. */
export const bearerFor = (staffId: string, options: TestTokenOptions = {}): string => `Bearer ${issueTestToken(seedIdentity(staffId), options)}`;
