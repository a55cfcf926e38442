import { EventContractViolation } from '@mallcare/contracts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, initialBackoffMs: 100, maxBackoffMs: 5_000 };

export const backoffMs = (policy: RetryPolicy, failedAttempt: number): number =>
  Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (failedAttempt - 1));

/** A handler's way to say "this event will never succeed": it goes to the dead letters at once. */
export class PermanentHandlerError extends Error {
  readonly permanent = true;
  constructor(message: string) {
    super(message);
    this.name = 'PermanentHandlerError';
  }
}

export const isPermanent = (error: unknown): boolean =>
  error instanceof EventContractViolation ||
  error instanceof SyntaxError ||
  (typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
