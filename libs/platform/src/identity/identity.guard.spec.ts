import { Controller, Get, Param, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { generateSigningJwk, publicKeySetOf, SAMPLE_GROUP_POLICY, signingKeyFromJwk, signJwt, type GroupPolicy, type TokenJwk } from '@mallcare/policy';
import { issueTestToken, seedIdentity, TEST_AUTH_JWKS, TEST_SIGNING_JWK } from '@mallcare/testing';
import { loadServiceConfig, SERVICE_CONFIG } from '../config/service-config';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { PolicyStore } from '../policy/policy-store';
import { assertMallAccess, canAccessMall, type Identity } from './identity';
import { CurrentIdentity, Public, Roles } from './identity.decorators';
import { IdentityGuard } from './identity.guard';
import { TokenVerifier } from './token-verifier';

const env = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/x', AUTH_JWKS: TEST_AUTH_JWKS, AUTH_MAX_TOKEN_LIFETIME_SECONDS: '43200' };
const verifierFor = (extra: Record<string, string>) => new TokenVerifier(loadServiceConfig('analytics', { ...env, ...extra }));
const jwksOf = (...jwks: TokenJwk[]) => JSON.stringify(publicKeySetOf(jwks));
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

@Controller('probe')
class ProbeController {
  @Get('open')
  @Public()
  open() {
    return { ok: true };
  }

  @Get('me')
  me(@CurrentIdentity() identity: Identity) {
    return identity;
  }

  @Get('admin')
  @Roles('group-admin', 'mall-gm')
  admin() {
    return { ok: true };
  }

  @Get('malls/:mallId')
  mall(@CurrentIdentity() identity: Identity, @Param('mallId') mallId: string) {
    assertMallAccess(identity, mallId);
    return { ok: true };
  }
}

@Public()
@Controller('public-controller')
class PublicController {
  @Get()
  get() {
    return { ok: true };
  }
}

describe('identity guard', () => {
  let app: INestApplication;
  let base: string;
  const desk = seedIdentity('sh01-desk-1');
  let policy: GroupPolicy = SAMPLE_GROUP_POLICY;
  let versions: GroupPolicy[] = [SAMPLE_GROUP_POLICY];
  const token = (identity: Identity, options: Parameters<typeof issueTestToken>[1] = {}) => issueTestToken(identity, options);
  const call = (path: string, authorization?: string) => fetch(`${base}${path}`, { headers: authorization ? { authorization } : {} });

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ProbeController, PublicController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: loadServiceConfig('analytics', env) },
        { provide: PolicyStore, useValue: { current: () => policy, versions: () => versions } },
        TokenVerifier,
        { provide: APP_GUARD, useClass: IdentityGuard },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
  });

  it('lets @Public routes and controllers through without a token', async () => {
    expect((await call('/probe/open')).status).toBe(200);
    expect((await call('/public-controller')).status).toBe(200);
  });

  it('answers 401 problem details without a token, or with a malformed header', async () => {
    const response = await call('/probe/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toMatchObject({ status: 401, code: 'IDENTITY_UNAUTHENTICATED' });
    expect((await call('/probe/me', `Basic ${Buffer.from('a:b').toString('base64')}`)).status).toBe(401);
    expect((await call('/probe/me', 'Bearer not.a.jwt')).status).toBe(401);
  });

  it('accepts a valid token and hands the identity to the handler', async () => {
    const response = await call('/probe/me', `Bearer ${token(desk)}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(desk);
  });

  it('answers 401 for an expired token, one signed with another key, a tampered one, or alg none', async () => {
    const expired = token(desk, { now: new Date(Date.now() - 2 * 3600_000), expiresInSeconds: 3600 });
    expect((await call('/probe/me', `Bearer ${expired}`)).status).toBe(401);
    expect(await (await call('/probe/me', `Bearer ${expired}`)).json()).toMatchObject({ detail: 'invalid token: expired' });
    const stranger = generateSigningJwk('EdDSA', TEST_SIGNING_JWK.kid);
    expect(await (await call('/probe/me', `Bearer ${token(desk, { signingJwk: stranger })}`)).json()).toMatchObject({ status: 401, detail: 'invalid token: signature does not match' });

    const [header, , signature] = token(desk).split('.');
    const promoted = Buffer.from(JSON.stringify({ sub: desk.staffId, name: desk.name, roles: ['group-admin'], mallId: null, departmentId: null, exp: 9_999_999_999 })).toString('base64url');
    expect((await call('/probe/admin', `Bearer ${header}.${promoted}.${signature}`)).status).toBe(401);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect((await call('/probe/admin', `Bearer ${none}.${promoted}.`)).status).toBe(401);
  });

  it('answers 401 for HS256 signed with the public key as the secret (key confusion)', async () => {
    const header = b64({ alg: 'HS256', typ: 'JWT', kid: TEST_SIGNING_JWK.kid });
    const payload = b64({ sub: desk.staffId, name: desk.name, roles: ['group-admin'], iss: 'mallcare', aud: 'mallcare-api', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 60 });
    const publicKey = TEST_AUTH_JWKS;
    const mac = createHmac('sha256', publicKey).update(`${header}.${payload}`).digest('base64url');
    expect(await (await call('/probe/me', `Bearer ${header}.${payload}.${mac}`)).json()).toMatchObject({ status: 401, detail: 'invalid token: algorithm not allowed' });
  });

  it('refuses a correctly signed token that lives longer than the maximum (a 100-year token)', async () => {
    const century = token(desk, { expiresInSeconds: 100 * 365 * 24 * 3600 });
    expect(await (await call('/probe/me', `Bearer ${century}`)).json()).toMatchObject({ status: 401, detail: 'invalid token: lifetime longer than the 43200 s allowed' });
  });

  it('checks iat and nbf with a small leeway, and iss and aud', async () => {
    const key = signingKeyFromJwk(TEST_SIGNING_JWK);
    const claims = { sub: desk.staffId, name: desk.name, roles: desk.roles, mallId: desk.mallId, departmentId: desk.departmentId };
    const sign = (extra: { issuer?: string; audience?: string; now?: Date }) =>
      signJwt(claims, { key, expiresInSeconds: 600, issuer: extra.issuer ?? 'mallcare', audience: extra.audience ?? 'mallcare-api', now: extra.now });
    const future = sign({ now: new Date(Date.now() + 10 * 60_000) });
    expect(await (await call('/probe/me', `Bearer ${future}`)).json()).toMatchObject({ status: 401, detail: expect.stringMatching(/nbf claim check failed/) });
    expect((await call('/probe/me', `Bearer ${sign({ now: new Date(Date.now() + 10_000) })}`)).status).toBe(200);
    expect(await (await call('/probe/me', `Bearer ${sign({ issuer: 'someone-else' })}`)).json()).toMatchObject({ detail: expect.stringMatching(/iss claim check failed/) });
    expect(await (await call('/probe/me', `Bearer ${sign({ audience: 'another-api' })}`)).json()).toMatchObject({ detail: expect.stringMatching(/aud claim check failed/) });
  });

  it('stops a disabled staff member’s tokens as soon as the policy this service follows says so', async () => {
    const before = token(desk);
    expect((await call('/probe/me', `Bearer ${before}`)).status).toBe(200);
    policy = { ...SAMPLE_GROUP_POLICY, staff: SAMPLE_GROUP_POLICY.staff.map((member) => (member.id === desk.staffId ? { ...member, active: false } : member)) };
    try {
      expect(await (await call('/probe/me', `Bearer ${before}`)).json()).toMatchObject({ status: 401, detail: 'staff member sh01-desk-1 is not active' });
    } finally {
      policy = SAMPLE_GROUP_POLICY;
    }
  });

  it('refuses tokens issued before the member’s record changed: disabled and enabled again, or a role taken away', async () => {
    const gm = seedIdentity('sh01-gm');
    const withGm = (revision: number, effectiveFrom: Date, change: Partial<GroupPolicy['staff'][number]>): GroupPolicy => ({
      ...SAMPLE_GROUP_POLICY,
      revision,
      version: `sample-group-r${revision}`,
      effectiveFrom: effectiveFrom.toISOString(),
      staff: SAMPLE_GROUP_POLICY.staff.map((member) => (member.id === gm.staffId ? { ...member, ...change } : member)),
    });
    const old = token(gm, { now: new Date(Date.now() - 20 * 60_000) });
    expect((await call('/probe/admin', `Bearer ${old}`)).status).toBe(200);
    const disabled = withGm(2, new Date(Date.now() - 10 * 60_000), { active: false });
    const enabledAgain = withGm(3, new Date(Date.now() - 5 * 60_000), { active: true });
    versions = [SAMPLE_GROUP_POLICY, disabled, enabledAgain];
    policy = enabledAgain;
    try {
      expect(await (await call('/probe/admin', `Bearer ${old}`)).json()).toMatchObject({ status: 401, detail: 'staff member sh01-gm changed since this token was issued; sign in again' });
      expect((await call('/probe/admin', `Bearer ${token(gm)}`)).status).toBe(200);
      // Other staff's tokens are untouched by the change.
      expect((await call('/probe/me', `Bearer ${token(desk, { now: new Date(Date.now() - 20 * 60_000) })}`)).status).toBe(200);
    } finally {
      versions = [SAMPLE_GROUP_POLICY];
      policy = SAMPLE_GROUP_POLICY;
    }
  });

  it('answers 401 for a validly signed token whose claims are not a staff identity', async () => {
    const key = signingKeyFromJwk(TEST_SIGNING_JWK);
    const noRoles = signJwt({ sub: 'x', name: 'x', roles: [] }, { key, expiresInSeconds: 60, issuer: 'mallcare', audience: 'mallcare-api' });
    const unknownRole = signJwt({ sub: 'x', name: 'x', roles: ['wizard'] }, { key, expiresInSeconds: 60, issuer: 'mallcare', audience: 'mallcare-api' });
    expect((await call('/probe/me', `Bearer ${noRoles}`)).status).toBe(401);
    expect((await call('/probe/me', `Bearer ${unknownRole}`)).status).toBe(401);
  });

  it('answers 403 when none of the route’s roles is held', async () => {
    const response = await call('/probe/admin', `Bearer ${token(desk)}`);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'IDENTITY_ROLE_NOT_ALLOWED' });
    expect((await call('/probe/admin', `Bearer ${token(seedIdentity('sh01-gm'))}`)).status).toBe(200);
    expect((await call('/probe/admin', `Bearer ${token(seedIdentity('hq-admin'))}`)).status).toBe(200);
  });

  it('keeps a mall’s staff to their mall (403) while HQ reaches every mall', async () => {
    expect((await call('/probe/malls/SH01', `Bearer ${token(desk)}`)).status).toBe(200);
    const other = await call('/probe/malls/BJ01', `Bearer ${token(desk)}`);
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ code: 'IDENTITY_OTHER_MALL' });
    expect((await call('/probe/malls/BJ01', `Bearer ${token(seedIdentity('hq-ops-1'))}`)).status).toBe(200);
    expect(canAccessMall(seedIdentity('hq-ops-1'), 'GZ01')).toBe(true);
    expect(canAccessMall(desk, 'GZ01')).toBe(false);
  });
});

describe('key rotation', () => {
  const desk = seedIdentity('sh01-desk-1');
  const oldKey = generateSigningJwk('EdDSA', 'k-2026-01');
  const newKey = generateSigningJwk('ES256', 'k-2026-02');
  const verify = (verifier: TokenVerifier, jwk: TokenJwk) => verifier.verify(issueTestToken(desk, { signingJwk: jwk }));

  it('accepts tokens of both keys while the set holds both, and refuses the old key once it is removed', async () => {
    const overlap = verifierFor({ AUTH_JWKS: jwksOf(oldKey, newKey) });
    await expect(verify(overlap, oldKey)).resolves.toMatchObject({ sub: desk.staffId });
    await expect(verify(overlap, newKey)).resolves.toMatchObject({ sub: desk.staffId });
    const after = verifierFor({ AUTH_JWKS: jwksOf(newKey) });
    await expect(verify(after, newKey)).resolves.toMatchObject({ sub: desk.staffId });
    await expect(verify(after, oldKey)).rejects.toThrow('invalid token: signed with an unknown key');
  });

  describe('with the key set fetched from the issuer (AUTH_JWKS_URL)', () => {
    let server: Server;
    let served: string;
    let url: string;
    beforeAll(async () => {
      server = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(served));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/auth/jwks.json`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('verifies tokens of every key the issuer publishes, and not those of a key it dropped', async () => {
      served = jwksOf(oldKey, newKey);
      const overlap = verifierFor({ AUTH_JWKS: '', AUTH_JWKS_URL: url });
      await expect(verify(overlap, oldKey)).resolves.toMatchObject({ sub: desk.staffId });
      await expect(verify(overlap, newKey)).resolves.toMatchObject({ sub: desk.staffId });
      served = jwksOf(newKey);
      const after = verifierFor({ AUTH_JWKS: '', AUTH_JWKS_URL: url });
      await expect(verify(after, newKey)).resolves.toMatchObject({ sub: desk.staffId });
      await expect(verify(after, oldKey)).rejects.toThrow('invalid token: signed with an unknown key');
    });
  });
});

describe('verified tokens trusted again', () => {
  const desk = seedIdentity('sh01-desk-1');
  const issuedAt = new Date('2026-12-03T08:00:00Z');
  const at = (seconds: number) => new Date(issuedAt.getTime() + seconds * 1000);

  it('answers a token verified lately with the same claims, and never past its exp', async () => {
    const verifier = verifierFor({});
    const token = issueTestToken(desk, { now: issuedAt, expiresInSeconds: 120 });
    const first = await verifier.verify(token, at(100));
    await expect(verifier.verify(token, at(101))).resolves.toEqual(first);
    // 51 s after it was verified, within the minute it may be trusted for, but past exp + the 30 s tolerance.
    await expect(verifier.verify(token, at(151))).rejects.toThrow('invalid token: expired');
  });

  it('does not trust it at an instant before the one it was verified at', async () => {
    const verifier = verifierFor({});
    const token = issueTestToken(desk, { now: issuedAt, expiresInSeconds: 3600 });
    await verifier.verify(token, at(10));
    await expect(verifier.verify(token, at(-600))).rejects.toThrow(/iat|nbf/);
  });

  it('checks a different token in full, however alike (a tampered copy of one trusted)', async () => {
    const verifier = verifierFor({});
    const token = issueTestToken(desk, { now: issuedAt, expiresInSeconds: 3600 });
    await verifier.verify(token, at(10));
    const [header, payload, signature] = token.split('.');
    const tampered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verifier.verify(tampered, at(11))).rejects.toThrow('invalid token');
  });
});
