/** What kind of failure it is; the one filter turns it into an HTTP status. */
export enum FailureKind {
  Invalid = 'invalid',
  NotFound = 'not-found',
  Conflict = 'conflict',
  WrongState = 'wrong-state',
  Forbidden = 'forbidden',
  Unauthenticated = 'unauthenticated',
  /** 429; a `retryAfterSeconds` detail becomes the Retry-After header. */
  Throttled = 'throttled',
}

/** Base of every module's own exception type; `code` comes from that module's string enum. */
export class MallcareException extends Error {
  constructor(
    readonly code: string,
    readonly kind: FailureKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
