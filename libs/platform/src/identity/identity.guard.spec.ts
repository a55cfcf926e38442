import { Controller, Get, Param, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { signJwt } from '@mallcare/policy';
import { issueTestToken, seedIdentity } from '@mallcare/testing';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { assertMallAccess, canAccessMall, type Identity } from './identity';
import { CurrentIdentity, Public, Roles } from './identity.decorators';
import { IdentityGuard } from './identity.guard';

const SECRET = 'unit-test-secret-0123456789abcdef-guard';

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
  const token = (identity: Identity, options: { secret?: string; expiresInSeconds?: number; now?: Date } = {}) =>
    issueTestToken(identity, { secret: SECRET, ...options });
  const call = (path: string, authorization?: string) => fetch(`${base}${path}`, { headers: authorization ? { authorization } : {} });

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ProbeController, PublicController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: { authJwtSecret: SECRET } as ServiceConfig },
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

  it('answers 401 for an expired token, one signed with another secret, a tampered one, or alg none', async () => {
    const expired = token(desk, { now: new Date(Date.now() - 2 * 3600_000), expiresInSeconds: 3600 });
    expect((await call('/probe/me', `Bearer ${expired}`)).status).toBe(401);
    expect(await (await call('/probe/me', `Bearer ${expired}`)).json()).toMatchObject({ detail: 'invalid token: expired' });
    expect((await call('/probe/me', `Bearer ${token(desk, { secret: 'another-secret-0123456789abcdef-xyz' })}`)).status).toBe(401);

    const [header, , signature] = token(desk).split('.');
    const promoted = Buffer.from(JSON.stringify({ sub: desk.staffId, name: desk.name, roles: ['group-admin'], mallId: null, departmentId: null, exp: 9_999_999_999 })).toString('base64url');
    expect((await call('/probe/admin', `Bearer ${header}.${promoted}.${signature}`)).status).toBe(401);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect((await call('/probe/admin', `Bearer ${none}.${promoted}.`)).status).toBe(401);
  });

  it('answers 401 for a validly signed token whose claims are not a staff identity', async () => {
    const noRoles = signJwt({ sub: 'x', name: 'x', roles: [] }, { secret: SECRET, expiresInSeconds: 60 });
    const unknownRole = signJwt({ sub: 'x', name: 'x', roles: ['wizard'] }, { secret: SECRET, expiresInSeconds: 60 });
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
