import { preparedQuery } from '@mallcare/event-store';
import type { EntityManager } from 'typeorm';

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

export const formatCaseNumber = (mallId: string, day: string, sequence: number): string => `${mallId}-${day.replace(/-/g, '')}-${String(sequence).padStart(4, '0')}`;

/**
 * `SH01-20261123-0007`: the mall code, the day received in the mall's time zone, a per-mall daily
 * count. The counter row stays locked until the caller's transaction ends, so numbers are unique and
 * without gaps; callers take it last, after their other locks.
 */
export const allocateCaseNumber = async (manager: EntityManager, mallId: string, receivedAt: Date, timeZone: string, before?: WritesBefore | null): Promise<string> => {
  const day = localDay(receivedAt, timeZone);
  const [{ last }] = await preparedQuery<{ last: number }>(
    { manager },
    before ? `intake-case-number-next-after-${before.name}` : 'intake-case-number-next',
    `${before ? `WITH ${before.ctes} ` : ''}INSERT INTO intake.case_number_counters (mall_id, day, last) VALUES ($1, $2::date, 1)
     ON CONFLICT (mall_id, day) DO UPDATE SET last = intake.case_number_counters.last + 1
     RETURNING last`,
    [mallId, day, ...(before?.params ?? [])],
  );
  return formatCaseNumber(mallId, day, last);
};

/** Writes that need no lock of their own, sent as CTEs in the counter's statement (a round trip less); parameters from $3. */
export interface WritesBefore {
  name: string;
  ctes: string;
  params: unknown[];
}
export const FIRST_PARAM_BEFORE_CASE_NUMBER = 3;
