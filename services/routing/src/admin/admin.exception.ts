import type { FieldError } from '@mallcare/contracts';
import { FailureKind, MallcareException } from '@mallcare/platform';

export enum AdminExceptionCode {
  PolicyChangeInvalid = 'ADMIN_POLICY_CHANGE_INVALID',
  PolicyChangeForbidden = 'ADMIN_POLICY_CHANGE_FORBIDDEN',
  MallNotFound = 'ADMIN_MALL_NOT_FOUND',
}

const KIND: Record<AdminExceptionCode, FailureKind> = {
  [AdminExceptionCode.PolicyChangeInvalid]: FailureKind.Invalid,
  [AdminExceptionCode.PolicyChangeForbidden]: FailureKind.Forbidden,
  [AdminExceptionCode.MallNotFound]: FailureKind.NotFound,
};

export class AdminException extends MallcareException {
  constructor(code: AdminExceptionCode, message: string, errors?: FieldError[]) {
    super(code, KIND[code], message, errors ? { errors } : undefined);
  }
}
