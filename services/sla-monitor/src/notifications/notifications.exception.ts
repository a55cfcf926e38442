import { FailureKind, MallcareException } from '@mallcare/platform';

export enum NotificationsExceptionCode {
  NotFound = 'NOTIFICATION_NOT_FOUND',
  NotYours = 'NOTIFICATION_CONTACTS_NOT_YOURS',
  UnknownStaff = 'NOTIFICATION_UNKNOWN_STAFF',
  ContactsUnavailable = 'NOTIFICATION_CONTACTS_UNAVAILABLE',
  OptOutNotAllowed = 'NOTIFICATION_OPT_OUT_NOT_ALLOWED',
  DeliveryNotFound = 'NOTIFICATION_DELIVERY_NOT_FOUND',
}

export class NotificationsException extends MallcareException {
  constructor(code: NotificationsExceptionCode, kind: FailureKind, message: string, details?: Record<string, unknown>) {
    super(code, kind, message, details);
  }
}
