import type { Clock } from '../api/views';

export type Grade = 'normal' | 'at-risk' | 'breached' | 'paused' | 'none';

const OPEN_STATES = new Set(['running', 'warned', 'breached', 'paused']);
const byDeadline = (a: Clock, b: Clock) => Date.parse(a.dueAt) - Date.parse(b.dueAt);

export interface GradedDeadline {
  grade: Grade;
  /** The deadline the case is held to now: its nearest running clock's (a paused one's when all wait), else the queue's. */
  dueAt: string | null;
  clock: Clock | null;
}

/**
 * The countdown's grade at `now`, as routing grades a queue row (and re-graded each second, so a row
 * turns at risk or breached on screen without a reload): breached when an open clock is past its
 * deadline (or sla-monitor breached it), at risk when a running clock reached the policy's warning point
 * (or sla-monitor warned), paused when a clock waits paused and nothing is at risk, else normal.
 */
export const gradeOf = (clocks: Clock[], fallbackDueAt: string | null, now: number): GradedDeadline => {
  const open = clocks.filter((clock) => OPEN_STATES.has(clock.state)).sort(byDeadline);
  const live = open.filter((clock) => clock.state !== 'paused');
  if (open.length === 0) {
    if (!fallbackDueAt) return { grade: 'none', dueAt: null, clock: null };
    return { grade: Date.parse(fallbackDueAt) <= now ? 'breached' : 'normal', dueAt: fallbackDueAt, clock: null };
  }
  const breached = live.find((clock) => clock.state === 'breached' || Date.parse(clock.dueAt) <= now);
  if (breached) return { grade: 'breached', dueAt: breached.dueAt, clock: breached };
  const atRisk = live.find((clock) => clock.state === 'warned' || (clock.warnAt ?? []).some((at) => Date.parse(at) <= now));
  if (atRisk) return { grade: 'at-risk', dueAt: atRisk.dueAt, clock: atRisk };
  const paused = open.find((clock) => clock.state === 'paused');
  if (paused) return { grade: 'paused', dueAt: (live[0] ?? paused).dueAt, clock: paused };
  return { grade: 'normal', dueAt: live[0].dueAt, clock: live[0] };
};

/** Sort key: the nearest deadline first, cases without one last. */
export const deadlineOf = (clocks: Clock[], fallbackDueAt: string | null): number => {
  const { dueAt } = gradeOf(clocks, fallbackDueAt, 0);
  return dueAt ? Date.parse(dueAt) : Number.POSITIVE_INFINITY;
};
