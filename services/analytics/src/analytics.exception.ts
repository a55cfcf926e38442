import { FailureKind, MallcareException } from '@mallcare/platform';

export enum AnalyticsExceptionCode {
  UnknownMall = 'ANALYTICS_UNKNOWN_MALL',
  CaseNotFound = 'ANALYTICS_CASE_NOT_FOUND',
  CaseNotResolved = 'ANALYTICS_CASE_NOT_RESOLVED',
  RebuildRunning = 'ANALYTICS_REBUILD_RUNNING',
}

export class AnalyticsException extends MallcareException {
  constructor(code: AnalyticsExceptionCode, kind: FailureKind, message: string, details?: Record<string, unknown>) {
    super(code, kind, message, details);
  }
}
