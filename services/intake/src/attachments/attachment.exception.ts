import { FailureKind, MallcareException } from '@mallcare/platform';

export enum AttachmentExceptionCode {
  NotFound = 'ATTACHMENT_NOT_FOUND',
  NoPreview = 'ATTACHMENT_NO_PREVIEW',
  Unusable = 'ATTACHMENT_UNUSABLE',
  MallRequired = 'ATTACHMENT_MALL_REQUIRED',
}

const KIND: Record<AttachmentExceptionCode, FailureKind> = {
  [AttachmentExceptionCode.NotFound]: FailureKind.NotFound,
  [AttachmentExceptionCode.NoPreview]: FailureKind.NotFound,
  [AttachmentExceptionCode.Unusable]: FailureKind.WrongState,
  [AttachmentExceptionCode.MallRequired]: FailureKind.Invalid,
};

export class AttachmentException extends MallcareException {
  constructor(code: AttachmentExceptionCode, message: string, details?: Record<string, unknown>) {
    super(code, KIND[code], message, details);
  }
}
