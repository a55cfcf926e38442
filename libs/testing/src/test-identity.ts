import { identityOfStaff, SAMPLE_GROUP_POLICY, signStaffToken, type Identity } from '@mallcare/policy';

/** The secret tests put in AUTH_JWT_SECRET when they set none of their own (never used outside tests). */
export const TEST_AUTH_JWT_SECRET = 'test-only-secret-0123456789abcdef-mallcare';

export interface TestTokenOptions {
  /** Defaults to AUTH_JWT_SECRET of the test's environment, else TEST_AUTH_JWT_SECRET. */
  secret?: string;
  expiresInSeconds?: number;
  now?: Date;
}

/** A bearer token for an identity, signed as the services verify it. */
export const issueTestToken = (identity: Identity, options: TestTokenOptions = {}): string =>
  signStaffToken(identity, {
    secret: options.secret ?? process.env.AUTH_JWT_SECRET ?? TEST_AUTH_JWT_SECRET,
    expiresInSeconds: options.expiresInSeconds ?? 3600,
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
