import { NotFoundException } from '@nestjs/common';
import type { PolicyStore, ServiceConfig } from '@mallcare/platform';
import { identityFromClaims, SAMPLE_GROUP_POLICY, verifyJwt } from '@mallcare/policy';
import { AuthController } from './auth.controller';

const SECRET = 'auth-controller-spec-secret-0123456789';
const policy = { current: () => SAMPLE_GROUP_POLICY } as unknown as PolicyStore;
const controller = (authLocalIssuer: boolean) => new AuthController({ authJwtSecret: SECRET, authLocalIssuer } as ServiceConfig, policy);

describe('local token issuer', () => {
  it('issues a token the guard accepts, carrying the staff member’s roles and mall', () => {
    const issued = controller(true).issue({ staffId: 'bj01-engineering-mgr' });
    expect(issued).toMatchObject({ tokenType: 'Bearer', expiresIn: 43_200 });
    const claims = verifyJwt(issued.accessToken, SECRET);
    expect(identityFromClaims(claims)).toEqual({
      staffId: 'bj01-engineering-mgr',
      name: expect.any(String),
      roles: ['department-manager'],
      mallId: 'BJ01',
      departmentId: 'engineering',
    });
    expect(claims.iss).toBe('mallcare-local');
  });

  it('is not there (404) unless AUTH_LOCAL_ISSUER=true', () => {
    expect(() => controller(false).issue({ staffId: 'hq-admin' })).toThrow(NotFoundException);
  });

  it('knows only active staff of the policy', () => {
    expect(() => controller(true).issue({ staffId: 'nobody' })).toThrow(NotFoundException);
  });
});
