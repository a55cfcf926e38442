import { exceptionFamily, FailureKind } from '@mallcare/platform';

export class CallbackException extends exceptionFamily({
  CALLBACK_NOT_FOUND: FailureKind.NotFound,
  CALLBACK_NOT_DUE: FailureKind.WrongState,
  CALLBACK_RULE_BROKEN: FailureKind.WrongState,
  CALLBACK_NOT_YOURS: FailureKind.Forbidden,
  CALLBACK_SAMPLE_REFUSED: FailureKind.Conflict,
  CALLBACK_NOTHING_TO_SAMPLE: FailureKind.WrongState,
}) {}
