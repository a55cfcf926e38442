import { FailureKind, MallcareException } from '@mallcare/platform';

export enum RoutingExceptionCode {
  CaseNotFound = 'ROUTING_CASE_NOT_FOUND',
  CaseInWrongState = 'ROUTING_CASE_IN_WRONG_STATE',
  HandlingRuleBroken = 'ROUTING_HANDLING_RULE_BROKEN',
  DuplicateCommand = 'ROUTING_DUPLICATE_COMMAND',
  StaleVersion = 'ROUTING_STALE_VERSION',
  NotYourCase = 'ROUTING_NOT_YOUR_CASE',
  NoResponsiblePerson = 'ROUTING_NO_RESPONSIBLE_PERSON',
}

const KIND: Record<RoutingExceptionCode, FailureKind> = {
  [RoutingExceptionCode.CaseNotFound]: FailureKind.NotFound,
  [RoutingExceptionCode.CaseInWrongState]: FailureKind.WrongState,
  [RoutingExceptionCode.HandlingRuleBroken]: FailureKind.WrongState,
  [RoutingExceptionCode.DuplicateCommand]: FailureKind.Conflict,
  [RoutingExceptionCode.StaleVersion]: FailureKind.Conflict,
  [RoutingExceptionCode.NotYourCase]: FailureKind.Forbidden,
  [RoutingExceptionCode.NoResponsiblePerson]: FailureKind.WrongState,
};

export class RoutingException extends MallcareException {
  constructor(code: RoutingExceptionCode, message: string, details?: Record<string, unknown>) {
    super(code, KIND[code], message, details);
  }
}
