import { exceptionFamily, FailureKind } from '@mallcare/platform';

export class SlaException extends exceptionFamily({
  SLA_NO_CLOCKS: FailureKind.NotFound,
}) {}
