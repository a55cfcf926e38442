import { FailureKind, MallcareException } from '@mallcare/platform';

export enum AuthExceptionCode {
  IssuerOff = 'AUTH_ISSUER_OFF',
  DemoTokensOff = 'AUTH_DEMO_TOKENS_OFF',
  UnknownStaff = 'AUTH_UNKNOWN_STAFF',
  BadCredentials = 'AUTH_BAD_CREDENTIALS',
  Locked = 'AUTH_LOCKED',
  PasswordTooWeak = 'AUTH_PASSWORD_TOO_WEAK',
  OidcOff = 'AUTH_OIDC_OFF',
  OidcRejected = 'AUTH_OIDC_REJECTED',
}

const KIND: Record<AuthExceptionCode, FailureKind> = {
  [AuthExceptionCode.IssuerOff]: FailureKind.NotFound,
  [AuthExceptionCode.DemoTokensOff]: FailureKind.NotFound,
  [AuthExceptionCode.UnknownStaff]: FailureKind.NotFound,
  [AuthExceptionCode.BadCredentials]: FailureKind.Unauthenticated,
  [AuthExceptionCode.Locked]: FailureKind.Throttled,
  [AuthExceptionCode.PasswordTooWeak]: FailureKind.Invalid,
  [AuthExceptionCode.OidcOff]: FailureKind.NotFound,
  [AuthExceptionCode.OidcRejected]: FailureKind.Unauthenticated,
};

export class AuthException extends MallcareException {
  constructor(code: AuthExceptionCode, message: string, details?: Record<string, unknown>) {
    super(code, KIND[code], message, details);
  }
}
