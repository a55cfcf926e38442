// Building a DateTimeFormat costs far more than formatting with one (it showed in the registration bench).
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The local calendar day of an instant in a time zone, as YYYY-MM-DD. */
export const localDay = (at: Date, timeZone: string): string => {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(at);
};

/**
 * `SH01-20261123-0007`: the mall code, the day received in the mall's time zone, a per-mall daily
 * count (RegistrationRepository.nextCaseNumber: unique and without gaps).
 */
export const formatCaseNumber = (mallId: string, day: string, sequence: number): string => `${mallId}-${day.replace(/-/g, '')}-${String(sequence).padStart(4, '0')}`;
