import { exceptionFamily, FailureKind } from '@mallcare/platform';

export class AnalyticsException extends exceptionFamily({
  ANALYTICS_UNKNOWN_MALL: FailureKind.NotFound,
  ANALYTICS_CASE_NOT_FOUND: FailureKind.NotFound,
  ANALYTICS_CASE_NOT_RESOLVED: FailureKind.WrongState,
  ANALYTICS_REBUILD_RUNNING: FailureKind.Conflict,
}) {}
