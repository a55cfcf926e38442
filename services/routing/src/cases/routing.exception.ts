import { FailureKind, MallcareException } from '@mallcare/platform';

export enum RoutingExceptionCode {
  CaseNotFound = 'ROUTING_CASE_NOT_FOUND',
  CaseInWrongState = 'ROUTING_CASE_IN_WRONG_STATE',
}

const KIND: Record<RoutingExceptionCode, FailureKind> = {
  [RoutingExceptionCode.CaseNotFound]: FailureKind.NotFound,
  [RoutingExceptionCode.CaseInWrongState]: FailureKind.WrongState,
};

export class RoutingException extends MallcareException {
  constructor(code: RoutingExceptionCode, message: string) {
    super(code, KIND[code], message);
  }
}
