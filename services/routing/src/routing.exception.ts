import { FailureKind, MallcareException } from '@mallcare/platform';

/** The service's own refusals; a case decider's are CommandRefused (case.decider.ts). */
export enum RoutingExceptionCode {
  CaseNotFound = 'ROUTING_CASE_NOT_FOUND',
  StaleVersion = 'ROUTING_STALE_VERSION',
  NotYourCase = 'ROUTING_NOT_YOUR_CASE',
}

const KIND: Record<RoutingExceptionCode, FailureKind> = {
  [RoutingExceptionCode.CaseNotFound]: FailureKind.NotFound,
  [RoutingExceptionCode.StaleVersion]: FailureKind.Conflict,
  [RoutingExceptionCode.NotYourCase]: FailureKind.Forbidden,
};

export class RoutingException extends MallcareException {
  constructor(code: RoutingExceptionCode, message: string, details?: Record<string, unknown>) {
    super(code, KIND[code], message, details);
  }
}
