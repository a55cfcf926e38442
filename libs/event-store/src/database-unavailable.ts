/**
 * Whether an error means "PostgreSQL cannot be reached right now" rather than "this query is wrong":
 * the server refused or dropped the connection, is shutting down or starting up, or the pool timed out
 * waiting for one. Such a failure may succeed later unchanged: HTTP answers 503 with Retry-After and
 * consumers wait for the database instead of counting it against the event.
 */
export const isDatabaseUnavailable = (error: unknown): boolean => {
  const seen = new Set<unknown>();
  const visit = (candidate: unknown): boolean => {
    if (typeof candidate !== 'object' || candidate === null || seen.has(candidate)) return false;
    seen.add(candidate);
    const { code, message, driverError, cause, errors } = candidate as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATE_CLASSES.some((prefix) => code.startsWith(prefix)))) {
      return true;
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    // TypeORM wraps the driver's error; Node wraps a refused dual-stack connect in an AggregateError.
    return visit(driverError) || visit(cause) || (Array.isArray(errors) && errors.some(visit));
  };
  return visit(error);
};

/** Socket-level codes from Node, and SQLSTATEs of a server going away or not there yet. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
]);

/** Class 08: connection exception. */
const UNAVAILABLE_SQLSTATE_CLASSES = ['08'];

/** node-postgres and pg-pool report these as plain errors without a code. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Connection is not established/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];
