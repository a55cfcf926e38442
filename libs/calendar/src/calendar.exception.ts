export enum CalendarErrorCode {
  InvalidDate = 'CALENDAR_INVALID_DATE',
  InvalidTimeZone = 'CALENDAR_INVALID_TIME_ZONE',
  InvalidSchedule = 'CALENDAR_INVALID_SCHEDULE',
  ConflictingMallDates = 'CALENDAR_CONFLICTING_MALL_DATES',
  InvalidAmount = 'CALENDAR_INVALID_AMOUNT',
}

/**
 * Bad configuration or a bad argument: raised when a calendar is built or called wrongly, never
 * because a date lies past the published holiday schedule (that is a `coverage` result instead).
 */
export class CalendarError extends Error {
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}
