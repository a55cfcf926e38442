export * from './calendar.exception';
export { addDaysToDate, isWeekend, parseIsoDate, weekdayOf, type IsoDate } from './iso-date';
export { assertTimeZone, endOfLocalDay, fromLocalDateTime, startOfLocalDay, toLocalDate, toLocalDateTime, type LocalDateTime } from './time-zone';
export * from './national-schedule';
export * from './china-public-holidays';
export * from './working-calendar';
export * from './working-days';
export * from './calendar-days';
