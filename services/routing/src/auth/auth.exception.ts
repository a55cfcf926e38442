import { exceptionFamily, FailureKind } from '@mallcare/platform';

export class AuthException extends exceptionFamily({
  AUTH_ISSUER_OFF: FailureKind.NotFound,
  AUTH_DEMO_TOKENS_OFF: FailureKind.NotFound,
  AUTH_UNKNOWN_STAFF: FailureKind.NotFound,
  AUTH_BAD_CREDENTIALS: FailureKind.Unauthenticated,
  AUTH_LOCKED: FailureKind.Throttled,
  AUTH_PASSWORD_TOO_WEAK: FailureKind.Invalid,
  AUTH_OIDC_OFF: FailureKind.NotFound,
  AUTH_OIDC_REJECTED: FailureKind.Unauthenticated,
}) {}
