import { HttpStatus } from '@nestjs/common';
import { isDatabaseUnavailable } from '@mallcare/event-store';

/** What a client is told to wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export interface UnavailableAnswer {
  problem: { type: string; title: string; status: number; code: string; detail: string };
  headers: Record<string, string>;
}

/**
 * PostgreSQL refused, dropped or timed out the connection: a 503 the client may retry (with its
 * idempotency key) after Retry-After, not a 500. Null for every other error.
 */
export const databaseUnavailableAnswer = (exception: unknown): UnavailableAnswer | null => {
  if (!isDatabaseUnavailable(exception)) return null;
  return {
    problem: {
      type: 'urn:mallcare:database-unavailable',
      title: 'service-unavailable',
      status: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'database-unavailable',
      detail: `the database cannot be reached just now; nothing was changed, try again in ${DATABASE_RETRY_AFTER_SECONDS} s`,
    },
    headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
  };
};
