import { FailureKind, MallcareException } from '@mallcare/platform';

export enum IntakeExceptionCode {
  ComplaintNotFound = 'INTAKE_COMPLAINT_NOT_FOUND',
  ReceivedInFuture = 'INTAKE_RECEIVED_IN_FUTURE',
  AlreadyRegistered = 'INTAKE_ALREADY_REGISTERED',
}

const KIND: Record<IntakeExceptionCode, FailureKind> = {
  [IntakeExceptionCode.ComplaintNotFound]: FailureKind.NotFound,
  [IntakeExceptionCode.ReceivedInFuture]: FailureKind.Invalid,
  [IntakeExceptionCode.AlreadyRegistered]: FailureKind.Conflict,
};

export class IntakeException extends MallcareException {
  constructor(code: IntakeExceptionCode, message: string) {
    super(code, KIND[code], message);
  }
}
