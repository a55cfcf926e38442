import { addDaysToDate, endOfLocalDay, isWeekend, toLocalDate } from '@mallcare/calendar';
import type { PolicyDuration } from './group-policy';

const MINUTE = 60_000;

/**
 * Adds a policy duration to an instant. Working days skip Saturdays and Sundays in the mall's time
 * zone; the official holiday and adjusted-working-day calendar replaces this rule with the SLA work.
 */
export const addPolicyDuration = (from: Date, duration: PolicyDuration, timeZone: string): Date => {
  switch (duration.unit) {
    case 'minutes':
      return new Date(from.getTime() + duration.amount * MINUTE);
    case 'hours':
      return new Date(from.getTime() + duration.amount * 60 * MINUTE);
    case 'days':
      return new Date(from.getTime() + duration.amount * 24 * 60 * MINUTE);
    case 'working-days': {
      let at = from;
      let left = duration.amount;
      while (left > 0) {
        at = new Date(at.getTime() + 24 * 60 * MINUTE);
        if (!isWeekend(toLocalDate(at, timeZone))) left--;
      }
      return at;
    }
    case 'end-of-day':
      return endOfLocalDay(addDaysToDate(toLocalDate(from, timeZone), duration.amount), timeZone);
    default: {
      const unknownUnit: never = duration.unit;
      throw new Error(`unknown duration unit ${String(unknownUnit)}`);
    }
  }
};

export const durationInMinutes = (from: Date, to: Date): number => Math.max(1, Math.round((to.getTime() - from.getTime()) / MINUTE));
