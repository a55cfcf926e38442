import { FailureKind, MallcareException } from '@mallcare/platform';

/** The service's own refusals; the registration rules' are CommandRefused (complaint.decider.ts). */
export enum IntakeExceptionCode {
  ComplaintNotFound = 'INTAKE_COMPLAINT_NOT_FOUND',
  SubjectNotFound = 'INTAKE_SUBJECT_NOT_FOUND',
  MallUnknown = 'INTAKE_MALL_UNKNOWN',
  ChannelNotEnabled = 'INTAKE_CHANNEL_NOT_ENABLED',
  RecorderUnknown = 'INTAKE_RECORDER_UNKNOWN',
  IdempotencyKeyReused = 'INTAKE_IDEMPOTENCY_KEY_REUSED',
  IdempotencyKeysDiffer = 'INTAKE_IDEMPOTENCY_KEYS_DIFFER',
  OtherMall = 'INTAKE_OTHER_MALL',
}

const KIND: Record<IntakeExceptionCode, FailureKind> = {
  [IntakeExceptionCode.ComplaintNotFound]: FailureKind.NotFound,
  [IntakeExceptionCode.SubjectNotFound]: FailureKind.NotFound,
  [IntakeExceptionCode.MallUnknown]: FailureKind.WrongState,
  [IntakeExceptionCode.ChannelNotEnabled]: FailureKind.WrongState,
  [IntakeExceptionCode.RecorderUnknown]: FailureKind.WrongState,
  [IntakeExceptionCode.IdempotencyKeyReused]: FailureKind.WrongState,
  [IntakeExceptionCode.IdempotencyKeysDiffer]: FailureKind.Invalid,
  [IntakeExceptionCode.OtherMall]: FailureKind.Forbidden,
};

export class IntakeException extends MallcareException {
  constructor(code: IntakeExceptionCode, message: string, details?: Record<string, unknown>) {
    super(code, KIND[code], message, details);
  }
}
