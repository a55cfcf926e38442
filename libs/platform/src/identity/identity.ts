import { canAccessMall, type Identity } from '@mallcare/policy';
import { exceptionFamily, FailureKind } from '../errors/mallcare-exception';

// The identity model and tokens are domain code in @mallcare/policy; the platform re-exports them next to the guard.
export { canAccessMall, claimsOfIdentity, hasAnyRole, identityFromClaims, identityOfStaff, type Identity } from '@mallcare/policy';
export { signingKeyFromJwk, signJwt, signStaffToken, type SignOptions, type SigningKey } from '@mallcare/policy';

export class IdentityException extends exceptionFamily({
  IDENTITY_UNAUTHENTICATED: FailureKind.Unauthenticated,
  IDENTITY_ROLE_NOT_ALLOWED: FailureKind.Forbidden,
  IDENTITY_OTHER_MALL: FailureKind.Forbidden,
}) {}

/** For commands on another mall's case (403). Reads of a single case answer 404 instead, so they reveal nothing. */
export const assertMallAccess = (identity: Identity, mallId: string): void => {
  if (!canAccessMall(identity, mallId)) {
    throw new IdentityException('IDENTITY_OTHER_MALL', `staff of mall ${identity.mallId} cannot act on mall ${mallId}`);
  }
};

/**
 * The mall a read covers: the one asked for if the caller may read it (403 otherwise), else the
 * caller's own mall; null (every mall) only for HQ asking for none. Every list and count reads so.
 */
export const mallScopeOf = (identity: Identity, requestedMallId: string | null | undefined): string | null => {
  if (requestedMallId !== undefined && requestedMallId !== null) {
    assertMallAccess(identity, requestedMallId);
    return requestedMallId;
  }
  return identity.mallId;
};
