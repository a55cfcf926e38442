import { toLocalDate } from '@mallcare/calendar';

/** The local calendar day of an instant in a time zone, as YYYY-MM-DD. */
export const localDay = (at: Date, timeZone: string): string => toLocalDate(at, timeZone);

/**
 * `SH01-20261123-0007`: the mall code, the day received in the mall's time zone, a per-mall daily
 * count (RegistrationRepository.nextCaseNumber: unique and without gaps).
 */
export const formatCaseNumber = (mallId: string, day: string, sequence: number): string => `${mallId}-${day.replace(/-/g, '')}-${String(sequence).padStart(4, '0')}`;
