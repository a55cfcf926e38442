import { FailureKind, MallcareException } from '@mallcare/platform';

export enum ExportsExceptionCode {
  UnknownMall = 'EXPORTS_UNKNOWN_MALL',
  PackNotFound = 'EXPORTS_PACK_NOT_FOUND',
  PackRunInProgress = 'EXPORTS_PACK_RUN_IN_PROGRESS',
}

export class ExportsException extends MallcareException {
  constructor(code: ExportsExceptionCode, kind: FailureKind, message: string) {
    super(code, kind, message);
  }
}
