import { exceptionFamily, FailureKind } from '@mallcare/platform';

/** The service's own refusals; a case decider's are CommandRefused (case.decider.ts). */
export class RoutingException extends exceptionFamily({
  ROUTING_CASE_NOT_FOUND: FailureKind.NotFound,
  ROUTING_STALE_VERSION: FailureKind.Conflict,
  ROUTING_NOT_YOUR_CASE: FailureKind.Forbidden,
}) {}
