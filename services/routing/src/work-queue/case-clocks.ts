import type { CaseUpgradeDue, SlaClockBreached, SlaClockMet, SlaClockPaused, SlaClockRecomputed, SlaClockResumed, SlaClockStarted, SlaClockWarned } from '@mallcare/contracts';

/**
 * The clocks sla-monitor holds a case to, as the work queue shows them: followed from sla-monitor's
 * events only, so a handler's queue and the SLA dashboard never disagree (issue 11, item 10). Pure.
 */
export const QUEUE_CLOCK_STATES = ['running', 'paused', 'met', 'breached'] as const;
export type QueueClockState = (typeof QUEUE_CLOCK_STATES)[number];

export const QUEUE_GRADES = ['normal', 'at-risk', 'breached', 'paused'] as const;
export type QueueGrade = (typeof QUEUE_GRADES)[number];

export interface QueueClock {
  clockId: string;
  /** The policy's clock kind: forward-to-responsible, first-reply, resolve-general, callback, … */
  kind: string;
  state: QueueClockState;
  startedAt: string;
  deadline: string;
  /** The policy's (first) warning point for this clock; null when the policy sets none. */
  warningAt: string | null;
  /** The holder has been warned (sla-monitor's SlaClockWarned). */
  warned: boolean;
  pausedReason: string | null;
  /** The state to return to on resume. */
  stateBeforePause: QueueClockState | null;
  policyVersion: string;
}

export type SlaClockEvent = SlaClockStarted | SlaClockRecomputed | SlaClockPaused | SlaClockResumed | SlaClockMet | SlaClockBreached | SlaClockWarned | CaseUpgradeDue;

export const SLA_CLOCK_EVENT_TYPES = [
  'SlaClockStarted',
  'SlaClockRecomputed',
  'SlaClockPaused',
  'SlaClockResumed',
  'SlaClockMet',
  'SlaClockBreached',
  'SlaClockWarned',
  'CaseUpgradeDue',
] as const satisfies readonly SlaClockEvent['type'][];

const shifted = (instant: string | null, ms: number): string | null => (instant === null ? null : new Date(Date.parse(instant) + ms).toISOString());

const change = (clocks: QueueClock[], clockId: string, update: (clock: QueueClock) => Partial<QueueClock>): QueueClock[] =>
  clocks.map((clock) => (clock.clockId === clockId ? { ...clock, ...update(clock) } : clock));

/** The case's clocks after one more of sla-monitor's events; a redelivered start changes nothing. */
export const evolveQueueClocks = (clocks: QueueClock[], event: SlaClockEvent): QueueClock[] => {
  switch (event.type) {
    case 'SlaClockStarted': {
      const { data } = event;
      if (clocks.some((clock) => clock.clockId === data.clockId)) return clocks;
      return [
        ...clocks,
        {
          clockId: data.clockId,
          kind: data.clockKind,
          state: 'running',
          startedAt: data.startedAt,
          deadline: data.dueAt,
          warningAt: data.warnAt[0] ?? null,
          warned: false,
          pausedReason: null,
          stateBeforePause: null,
          policyVersion: data.policyVersion,
        },
      ];
    }
    case 'SlaClockRecomputed':
      return change(clocks, event.data.clockId, () => ({ deadline: event.data.dueAt, warningAt: event.data.warnAt[0] ?? null, policyVersion: event.data.policyVersion }));
    case 'SlaClockPaused':
      return change(clocks, event.data.clockId, (clock) => ({ state: 'paused', stateBeforePause: clock.state, pausedReason: event.data.reason }));
    case 'SlaClockResumed':
      return change(clocks, event.data.clockId, (clock) => ({
        state: clock.stateBeforePause ?? 'running',
        stateBeforePause: null,
        pausedReason: null,
        deadline: event.data.dueAt,
        warningAt: shifted(clock.warningAt, event.data.pausedMs),
      }));
    case 'SlaClockMet':
      return change(clocks, event.data.clockId, () => ({ state: 'met', pausedReason: null, stateBeforePause: null }));
    case 'SlaClockBreached':
      return change(clocks, event.data.clockId, () => ({ state: 'breached' }));
    case 'SlaClockWarned':
      return change(clocks, event.data.clockId, () => ({ warned: true }));
    case 'CaseUpgradeDue':
      // The month passed with the case unresolved: past its deadline, as sla-monitor sees it.
      return change(clocks, event.data.clockId, () => ({ state: 'breached' }));
    default: {
      const unknown: never = event;
      throw new Error(`not a clock event: ${JSON.stringify(unknown)}`);
    }
  }
};

/** The nearest deadline the case is held to now: of its running clocks and those breached and still unmet (a paused clock's is frozen). */
export const nearestDeadlineOf = (clocks: readonly QueueClock[]): string | null =>
  clocks
    .filter((clock) => clock.state === 'running' || clock.state === 'breached')
    .map((clock) => clock.deadline)
    .reduce<string | null>((nearest, deadline) => (nearest === null || Date.parse(deadline) < Date.parse(nearest) ? deadline : nearest), null);

/**
 * The row's grade at `now`, the most urgent first: breached when a clock is past its deadline unmet; at
 * risk when a running clock passed the policy's warning point; paused when a clock waits paused (for the
 * customer: the row shows why) while nothing is at risk; else normal.
 */
export const gradeOf = (clocks: readonly QueueClock[], now: Date): QueueGrade => {
  const at = now.getTime();
  const running = clocks.filter((clock) => clock.state === 'running');
  if (clocks.some((clock) => clock.state === 'breached') || running.some((clock) => Date.parse(clock.deadline) <= at)) return 'breached';
  if (running.some((clock) => clock.warned || (clock.warningAt !== null && Date.parse(clock.warningAt) <= at))) return 'at-risk';
  if (clocks.some((clock) => clock.state === 'paused')) return 'paused';
  return 'normal';
};
