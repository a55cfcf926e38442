import { exceptionFamily, FailureKind } from '@mallcare/platform';

export class NotificationsException extends exceptionFamily({
  NOTIFICATION_NOT_FOUND: FailureKind.NotFound,
  NOTIFICATION_CONTACTS_NOT_YOURS: FailureKind.Forbidden,
  NOTIFICATION_UNKNOWN_STAFF: FailureKind.NotFound,
  NOTIFICATION_CONTACTS_UNAVAILABLE: FailureKind.WrongState,
  NOTIFICATION_OPT_OUT_NOT_ALLOWED: FailureKind.Invalid,
  NOTIFICATION_DELIVERY_NOT_FOUND: FailureKind.NotFound,
}) {}
