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

/** Base of every module's own exception type (see exceptionFamily). */
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

/**
 * A module's own exception type: its codes and the kind of each, stated once. A code is one of the
 * map's keys (a typo does not compile) and a throw names only the code and the message:
 * `class SlaException extends exceptionFamily({ SLA_NO_CLOCKS: FailureKind.NotFound }) {}`.
 */
export const exceptionFamily = <const Kinds extends Readonly<Record<string, FailureKind>>>(kinds: Kinds) =>
  class extends MallcareException {
    declare readonly code: keyof Kinds & string;
    constructor(code: keyof Kinds & string, message: string, details?: Record<string, unknown>) {
      super(code, kinds[code], message, details);
    }
  };
