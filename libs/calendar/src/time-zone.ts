import { CalendarError, CalendarErrorCode } from './calendar.exception';
import { addDaysToDate, type IsoDate } from './iso-date';

/** A wall-clock reading in some zone: what a clock on the mall's wall shows. */
export interface LocalDateTime {
  date: IsoDate;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new CalendarError(CalendarErrorCode.InvalidTimeZone, `unknown IANA time zone ${JSON.stringify(timeZone)}`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** Throws a CalendarError for a zone the runtime's ICU does not know (e.g. a typo in mall config). */
export const assertTimeZone = (timeZone: string): void => {
  formatterFor(timeZone);
};

/** What the zone's clock shows at an instant, read through Intl (exact, but slow: microseconds a call). */
const exactWallFields = (epochMs: number, timeZone: string) => {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return { year: fields['year'], month: fields['month'], day: fields['day'], hour: fields['hour'], minute: fields['minute'], second: fields['second'] };
};

const exactOffsetAt = (epochMs: number, timeZone: string): number => {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  const wall = exactWallFields(wholeSecond, timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - wholeSecond;
};

// A zone's offset changes only at its transitions, a few a year: read it once per quarter hour of
// UTC and reuse it (reports and clocks convert hundreds of thousands of instants). A quarter hour
// with a transition inside is never cached, so the result stays exact.
const QUARTER_HOUR_MS = 900_000;
const OFFSET_CACHE_LIMIT = 100_000;
const offsets = new Map<string, number | null>();

/** Offset of the zone from UTC at an instant, in milliseconds (+8 h for Asia/Shanghai). */
const offsetAt = (epochMs: number, timeZone: string): number => {
  const bucket = Math.floor(epochMs / QUARTER_HOUR_MS);
  const key = `${timeZone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const atStart = exactOffsetAt(bucket * QUARTER_HOUR_MS, timeZone);
    offset = atStart === exactOffsetAt((bucket + 1) * QUARTER_HOUR_MS - 1, timeZone) ? atStart : null;
    if (offsets.size >= OFFSET_CACHE_LIMIT) offsets.clear();
    offsets.set(key, offset);
  }
  return offset ?? exactOffsetAt(epochMs, timeZone);
};

const wallFields = (epochMs: number, timeZone: string) => {
  const wall = new Date(epochMs + offsetAt(epochMs, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds() };
};

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

export const toLocalDateTime = (instant: Date, timeZone: string): LocalDateTime => {
  const epochMs = instant.getTime();
  const wall = wallFields(epochMs, timeZone);
  return {
    date: `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}` as IsoDate,
    hour: wall.hour,
    minute: wall.minute,
    second: wall.second,
    millisecond: ((epochMs % 1000) + 1000) % 1000,
  };
};

/** The date a person in `timeZone` sees on the wall calendar at `instant`. */
export const toLocalDate = (instant: Date, timeZone: string): IsoDate => toLocalDateTime(instant, timeZone).date;

/**
 * The instant a wall-clock reading denotes. Like Temporal's "compatible" disambiguation: in a
 * daylight-saving gap the reading moves forward by the gap; in an overlap the earlier instant wins.
 */
export const fromLocalDateTime = (local: LocalDateTime, timeZone: string): Date => {
  const [year, month, day] = local.date.split('-').map(Number);
  const wallAsUtc = Date.UTC(year, month - 1, day, local.hour, local.minute, local.second, local.millisecond);
  // Zones change offset at most once around any wall time, so the offsets a day either side bracket it.
  const offsetBefore = offsetAt(wallAsUtc - DAY_MS, timeZone);
  const offsetAfter = offsetAt(wallAsUtc + DAY_MS, timeZone);
  const valid = [wallAsUtc - offsetBefore, wallAsUtc - offsetAfter].filter((candidate) => wallAsUtc - offsetAt(candidate, timeZone) === candidate);
  return new Date(valid.length > 0 ? Math.min(...valid) : wallAsUtc - offsetBefore);
};

/** The first instant of a local date (midnight, or the end of a gap where midnight does not exist). */
export const startOfLocalDay = (date: IsoDate, timeZone: string): Date =>
  fromLocalDateTime({ date, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);

/** The last millisecond of a local date: 二十四时, the inclusive end of a deadline day. */
export const endOfLocalDay = (date: IsoDate, timeZone: string): Date => new Date(startOfLocalDay(addDaysToDate(date, 1), timeZone).getTime() - 1);
