import { exceptionFamily, FailureKind } from '@mallcare/platform';

export class AttachmentException extends exceptionFamily({
  ATTACHMENT_NOT_FOUND: FailureKind.NotFound,
  ATTACHMENT_NO_PREVIEW: FailureKind.NotFound,
  ATTACHMENT_UNUSABLE: FailureKind.WrongState,
  ATTACHMENT_MALL_REQUIRED: FailureKind.Invalid,
}) {}
