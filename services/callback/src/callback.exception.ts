import { FailureKind, MallcareException } from '@mallcare/platform';

export enum CallbackExceptionCode {
  CallbackNotFound = 'CALLBACK_NOT_FOUND',
  CallbackNotDue = 'CALLBACK_NOT_DUE',
  RuleBroken = 'CALLBACK_RULE_BROKEN',
  NotYourCallback = 'CALLBACK_NOT_YOURS',
  SampleRefused = 'CALLBACK_SAMPLE_REFUSED',
  NothingToSample = 'CALLBACK_NOTHING_TO_SAMPLE',
}

const KIND: Record<CallbackExceptionCode, FailureKind> = {
  [CallbackExceptionCode.CallbackNotFound]: FailureKind.NotFound,
  [CallbackExceptionCode.CallbackNotDue]: FailureKind.WrongState,
  [CallbackExceptionCode.RuleBroken]: FailureKind.WrongState,
  [CallbackExceptionCode.NotYourCallback]: FailureKind.Forbidden,
  [CallbackExceptionCode.SampleRefused]: FailureKind.Conflict,
  [CallbackExceptionCode.NothingToSample]: FailureKind.WrongState,
};

export class CallbackException extends MallcareException {
  constructor(code: CallbackExceptionCode, message: string, details?: Record<string, unknown>) {
    super(code, KIND[code], message, details);
  }
}
