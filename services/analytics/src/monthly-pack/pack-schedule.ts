import { toLocalDateTime } from '@mallcare/calendar';
import { shiftMonth } from '../figures/reporting-period';

/** Packs are made from 01:00 on the 1st, group time: late events of the month's last evening have arrived by then. */
export const PACK_LOCAL_HOUR = 1;

/**
 * The month whose packs are due at `now` in the group's time zone: the previous month, on the 1st
 * from PACK_LOCAL_HOUR on; null on every other day. The job checks hourly, so a changed time zone
 * in the policy applies without a restart and an instance down at 01:00 catches up later that day.
 */
export const packMonthDue = (now: Date, timeZone: string): string | null => {
  const local = toLocalDateTime(now, timeZone);
  if (local.date.slice(8, 10) !== '01' || local.hour < PACK_LOCAL_HOUR) return null;
  return shiftMonth(local.date.slice(0, 7), -1);
};
