/** The failure class of a refusal; the platform's filter turns it into the HTTP status (400, 409, 422). */
export type RefusalKind = 'invalid' | 'conflict' | 'wrong-state';

/**
 * The one way a decider says no: which kind of failure, which rule, and the code the API answers with
 * (`details` go into the problem body as they are). Thrown by deciders, mapped by the platform's filter.
 */
export class CommandRefused<Rule extends string = string> extends Error {
  constructor(
    readonly code: string,
    readonly kind: RefusalKind,
    readonly rule: Rule,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CommandRefused';
  }
}

export const isRefusal = (error: unknown, rule?: string): error is CommandRefused =>
  error instanceof CommandRefused && (rule === undefined || error.rule === rule);
