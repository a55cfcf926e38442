import { loadServiceConfig, SystemClock, TokenVerifier, type AuditTrail, type PolicyStore } from '@mallcare/platform';
import { generateSigningJwk, identityFromClaims, publicKeySetOf, SAMPLE_GROUP_POLICY } from '@mallcare/policy';
import { AuthController } from './auth.controller';
import { AuthException } from './auth.exception';
import type { OidcSignIn } from './oidc-sign-in.service';
import type { SignInService } from './sign-in.service';
import { TokenIssuer } from './token-issuer';

const previous = generateSigningJwk('EdDSA', 'k-previous');
const current = generateSigningJwk('EdDSA', 'k-current');
const policy = { current: () => SAMPLE_GROUP_POLICY } as unknown as PolicyStore;
const recorded: unknown[] = [];
const audit = { record: async (entry: unknown) => void recorded.push(entry) } as unknown as AuditTrail;
const configOf = (extra: Record<string, string> = {}) =>
  loadServiceConfig('routing', {
    DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/x',
    AUTH_JWKS: JSON.stringify(publicKeySetOf([previous])),
    AUTH_SIGNING_KEY: JSON.stringify(current),
    ...extra,
  });
const controller = (extra: Record<string, string> = {}) => {
  const config = configOf(extra);
  return new AuthController(config, policy, new TokenIssuer(config, new SystemClock()), {} as SignInService, audit, {} as OidcSignIn);
};

describe('the built-in issuer', () => {
  it('publishes the public keys only: the signing key and the previous ones still valid', () => {
    const jwks = controller().jwks();
    expect(jwks.keys.map((key) => key.kid).sort()).toEqual(['k-current', 'k-previous']);
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
  });

  it('signs demo tokens with its private key, verifiable with the published set', async () => {
    const issued = await controller({ AUTH_DEMO_TOKENS: 'true' }).issue({ staffId: 'bj01-engineering-mgr' }, '127.0.0.1');
    expect(recorded).toContainEqual(expect.objectContaining({ action: 'sign-in.demo-token', actorId: 'bj01-engineering-mgr' }));
    expect(issued).toMatchObject({ tokenType: 'Bearer', expiresIn: 28_800 });
    const verifier = new TokenVerifier(configOf({ AUTH_JWKS: JSON.stringify(controller().jwks()) }));
    const claims = await verifier.verify(issued.accessToken);
    expect(identityFromClaims(claims)).toEqual({
      staffId: 'bj01-engineering-mgr',
      name: expect.any(String),
      roles: ['department-manager'],
      mallId: 'BJ01',
      departmentId: 'engineering',
    });
    expect(claims).toMatchObject({ iss: 'mallcare', aud: 'mallcare-api' });
    expect(JSON.parse(Buffer.from(issued.accessToken.split('.')[0], 'base64url').toString())).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: 'k-current' });
  });

  it('gives no token for a staff id alone unless AUTH_DEMO_TOKENS=true', async () => {
    await expect(controller().issue({ staffId: 'hq-admin' }, '127.0.0.1')).rejects.toThrow(/demo tokens are off/);
  });

  it('knows only active staff of the policy', async () => {
    await expect(controller({ AUTH_DEMO_TOKENS: 'true' }).issue({ staffId: 'nobody' }, '127.0.0.1')).rejects.toThrow(AuthException);
  });

  it('signs nothing on an instance without the private key', async () => {
    const config = configOf({ AUTH_SIGNING_KEY: '', AUTH_DEMO_TOKENS: 'true' });
    await expect(new AuthController(config, policy, new TokenIssuer(config, new SystemClock()), {} as SignInService, audit, {} as OidcSignIn).issue({ staffId: 'hq-admin' }, '127.0.0.1')).rejects.toThrow(/holds no signing key/);
  });
});
