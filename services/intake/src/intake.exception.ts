import { exceptionFamily, FailureKind } from '@mallcare/platform';

/** The service's own refusals; the registration rules' are CommandRefused (complaint.decider.ts). */
export class IntakeException extends exceptionFamily({
  INTAKE_COMPLAINT_NOT_FOUND: FailureKind.NotFound,
  INTAKE_SUBJECT_NOT_FOUND: FailureKind.NotFound,
  INTAKE_MALL_UNKNOWN: FailureKind.WrongState,
  INTAKE_CHANNEL_NOT_ENABLED: FailureKind.WrongState,
  INTAKE_RECORDER_UNKNOWN: FailureKind.WrongState,
  INTAKE_IDEMPOTENCY_KEY_REUSED: FailureKind.WrongState,
  INTAKE_IDEMPOTENCY_KEYS_DIFFER: FailureKind.Invalid,
  INTAKE_OTHER_MALL: FailureKind.Forbidden,
  INTAKE_LOOKUP_THROTTLED: FailureKind.Throttled,
}) {}
