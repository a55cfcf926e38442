import { exceptionFamily, FailureKind } from '@mallcare/platform';

export class ExportsException extends exceptionFamily({
  EXPORTS_UNKNOWN_MALL: FailureKind.NotFound,
  EXPORTS_PACK_NOT_FOUND: FailureKind.NotFound,
  EXPORTS_PACK_RUN_IN_PROGRESS: FailureKind.Conflict,
}) {}
