import { FailureKind, MallcareException } from '@mallcare/platform';

export enum SlaExceptionCode {
  NoClocks = 'SLA_NO_CLOCKS',
}

const KIND: Record<SlaExceptionCode, FailureKind> = {
  [SlaExceptionCode.NoClocks]: FailureKind.NotFound,
};

export class SlaException extends MallcareException {
  constructor(code: SlaExceptionCode, message: string, details?: Record<string, unknown>) {
    super(code, KIND[code], message, details);
  }
}
