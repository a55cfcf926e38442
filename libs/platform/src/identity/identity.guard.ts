import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@mallcare/contracts';
import { staffRecordChangedAt } from '@mallcare/policy';
import { PolicyStore } from '../policy/policy-store';
import { hasAnyRole, IdentityException, identityFromClaims, identityOfStaff } from './identity';
import { PUBLIC_ROUTE, REQUIRED_ROLES, type AuthenticatedRequest } from './identity.decorators';
import { InvalidToken, TokenVerifier } from './token-verifier';

const unauthenticated = (reason: string): IdentityException =>
  new IdentityException('IDENTITY_UNAUTHENTICATED', reason);

/**
 * Every HTTP route needs `Authorization: Bearer <JWT>` unless marked @Public: 401 when the token is
 * missing or invalid or its staff member is no longer active in the policy this service follows (a
 * disabled member's tokens stop at once), 403 when none of the route's @Roles is held. Mall checks
 * happen in the services.
 */
@Injectable()
export class IdentityGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly policy: PolicyStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw unauthenticated('a bearer token is required (Authorization: Bearer <token>)');
    let claims: Record<string, unknown>;
    try {
      claims = await this.tokens.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidToken) throw unauthenticated(error.message);
      throw error;
    }
    const identity = identityFromClaims(claims);
    if (!identity) throw unauthenticated('invalid token: the claims are not a staff identity');
    const now = new Date();
    if (!identityOfStaff(this.policy.current(now), identity.staffId)) throw unauthenticated(`staff member ${identity.staffId} is not active`);
    // iat is in whole seconds: refuse only a token surely issued before the member's record changed.
    const changedAt = staffRecordChangedAt(this.policy.versions(), identity.staffId, now);
    if (changedAt && ((claims.iat as number) + 1) * 1000 <= changedAt.getTime()) {
      throw unauthenticated(`staff member ${identity.staffId} changed since this token was issued; sign in again`);
    }
    request.identity = identity;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && roles.length > 0 && !hasAnyRole(identity, roles)) {
      throw new IdentityException('IDENTITY_ROLE_NOT_ALLOWED', `needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
