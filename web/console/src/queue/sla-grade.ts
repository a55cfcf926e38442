import type { Clock } from '../api/views';

export type Grade = 'normal' | 'at-risk' | 'breached' | 'paused' | 'none';

const OPEN_STATES = new Set(['running', 'warned', 'breached', 'paused']);

export interface GradedDeadline {
  grade: Grade;
  /** The deadline the case is held to now: its nearest open clock's, else the queue's resolve deadline. */
  dueAt: string | null;
  clock: Clock | null;
}

/**
 * The countdown's grade at `now`, from sla-monitor's clocks: breached once the nearest open deadline
 * passed (or sla-monitor says so), at risk from the policy's first warning point (sla-monitor's
 * `warned`, or a warnAt already reached), paused while its clock is paused.
 */
export const gradeOf = (clocks: Clock[], fallbackDueAt: string | null, now: number): GradedDeadline => {
  const open = clocks.filter((clock) => OPEN_STATES.has(clock.state)).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const clock = open[0] ?? null;
  if (!clock) {
    if (!fallbackDueAt) return { grade: 'none', dueAt: null, clock: null };
    return { grade: Date.parse(fallbackDueAt) <= now ? 'breached' : 'normal', dueAt: fallbackDueAt, clock: null };
  }
  if (clock.state === 'paused') return { grade: 'paused', dueAt: clock.dueAt, clock };
  if (clock.state === 'breached' || Date.parse(clock.dueAt) <= now) return { grade: 'breached', dueAt: clock.dueAt, clock };
  if (clock.state === 'warned' || (clock.warnAt ?? []).some((at) => Date.parse(at) <= now)) return { grade: 'at-risk', dueAt: clock.dueAt, clock };
  return { grade: 'normal', dueAt: clock.dueAt, clock };
};

/** Sort key: the nearest deadline first, cases without one last. */
export const deadlineOf = (clocks: Clock[], fallbackDueAt: string | null): number => {
  const { dueAt } = gradeOf(clocks, fallbackDueAt, 0);
  return dueAt ? Date.parse(dueAt) : Number.POSITIVE_INFINITY;
};
