import type { CalendarCoverageV1, CaseUpgradeDueV1, EventOfType, SlaClockBreachedV1, SlaClockMetV1, SlaClockPausedV1, SlaClockRecomputedV1, SlaClockResumedV1, SlaClockStartedV2, SlaClockWarnedV1, SlaEscalatedV2 } from '@mallcare/contracts';
import { notInStream } from '@mallcare/event-store';

export type ClockStatus = 'running' | 'warned' | 'breached' | 'paused' | 'met' | 'upgrade-due';

export interface ClockView {
  clockId: string;
  kind: string;
  status: ClockStatus;
  startedAt: string;
  dueAt: string;
  targetMinutes: number;
  policyVersion: string;
  warnAt: string[];
  /** Warnings already given (the first `warned` points of warnAt). */
  warned: number;
  /** Ladder steps already told. */
  escalations: number;
  breachedAt: string | null;
  pausedAt: string | null;
  pauseReason: string | null;
  statusBeforePause: ClockStatus | null;
  pausedMs: number;
  metAt: string | null;
  withinTarget: boolean | null;
  calendarCoverage: CalendarCoverageV1;
  byCustomerDeadline: boolean;
}

export interface ClocksState {
  clocks: ClockView[];
  escalationKeys: string[];
}

export type ClockDecision =
  | { type: 'SlaClockStarted'; data: SlaClockStartedV2; occurredAt: string }
  | { type: 'SlaClockMet'; data: SlaClockMetV1; occurredAt: string }
  | { type: 'SlaClockWarned'; data: SlaClockWarnedV1; occurredAt: string }
  | { type: 'SlaClockBreached'; data: SlaClockBreachedV1; occurredAt: string }
  | { type: 'SlaEscalated'; data: SlaEscalatedV2; occurredAt: string }
  | { type: 'SlaClockPaused'; data: SlaClockPausedV1; occurredAt: string }
  | { type: 'SlaClockResumed'; data: SlaClockResumedV1; occurredAt: string }
  | { type: 'SlaClockRecomputed'; data: SlaClockRecomputedV1; occurredAt: string }
  | { type: 'CaseUpgradeDue'; data: CaseUpgradeDueV1; occurredAt: string };

export const OPEN_STATUSES: readonly ClockStatus[] = ['running', 'warned', 'breached', 'paused'];
export const isOpen = (clock: ClockView): boolean => OPEN_STATUSES.includes(clock.status);

export const initialState = (): ClocksState => ({ clocks: [], escalationKeys: [] });

export const shift = (instant: string, ms: number): string => new Date(Date.parse(instant) + ms).toISOString();

export const updateClock = (state: ClocksState, clockId: string, change: (clock: ClockView) => Partial<ClockView>): ClocksState => ({
  ...state,
  clocks: state.clocks.map((clock) => (clock.clockId === clockId ? { ...clock, ...change(clock) } : clock)),
});

/** A case's clocks stream: sla-monitor's own events. */
export const CLOCK_STREAM_EVENTS = ['SlaClockStarted', 'SlaClockMet', 'SlaClockWarned', 'SlaClockBreached', 'SlaEscalated', 'SlaClockPaused', 'SlaClockResumed', 'SlaClockRecomputed', 'CaseUpgradeDue'] as const;
export type ClockStreamEvent = EventOfType<(typeof CLOCK_STREAM_EVENTS)[number]>;

export const evolve = (state: ClocksState, event: ClockStreamEvent): ClocksState => {
  switch (event.type) {
    case 'SlaClockStarted': {
      const { data } = event;
      const clock: ClockView = {
        clockId: data.clockId,
        kind: data.clockKind,
        status: 'running',
        startedAt: data.startedAt,
        dueAt: data.dueAt,
        targetMinutes: data.targetMinutes,
        policyVersion: data.policyVersion,
        warnAt: data.warnAt ?? [],
        warned: 0,
        escalations: 0,
        breachedAt: null,
        pausedAt: null,
        pauseReason: null,
        statusBeforePause: null,
        pausedMs: 0,
        metAt: null,
        withinTarget: null,
        calendarCoverage: data.calendarCoverage ?? { status: 'official' },
        byCustomerDeadline: data.byCustomerDeadline ?? false,
      };
      return { ...state, clocks: [...state.clocks, clock] };
    }
    case 'SlaClockMet':
      return updateClock(state, event.data.clockId, () => ({ status: 'met', metAt: event.data.metAt, withinTarget: event.data.withinTarget }));
    case 'SlaClockWarned':
      return updateClock(state, event.data.clockId, (clock) => ({
        status: clock.status === 'running' ? 'warned' : clock.status,
        warned: clock.warnAt.filter((at) => Date.parse(at) <= Date.parse(event.data.warnedAt)).length,
      }));
    case 'SlaClockBreached':
      return updateClock(state, event.data.clockId, () => ({ status: 'breached', breachedAt: event.data.breachedAt }));
    case 'SlaEscalated': {
      const { clockId, step, escalationKey } = event.data;
      const keyed = { ...state, escalationKeys: [...state.escalationKeys, escalationKey] };
      return clockId ? updateClock(keyed, clockId, () => ({ escalations: step + 1 })) : keyed;
    }
    case 'SlaClockPaused':
      return updateClock(state, event.data.clockId, (clock) => ({
        status: 'paused',
        statusBeforePause: clock.status,
        pausedAt: event.data.pausedAt,
        pauseReason: event.data.reason,
      }));
    case 'SlaClockResumed':
      return updateClock(state, event.data.clockId, (clock) => ({
        status: clock.statusBeforePause ?? 'running',
        statusBeforePause: null,
        pausedAt: null,
        pauseReason: null,
        pausedMs: clock.pausedMs + event.data.pausedMs,
        dueAt: event.data.dueAt,
        warnAt: clock.warnAt.map((at) => shift(at, event.data.pausedMs)),
      }));
    case 'SlaClockRecomputed':
      return updateClock(state, event.data.clockId, () => ({
        dueAt: event.data.dueAt,
        warnAt: event.data.warnAt,
        policyVersion: event.data.policyVersion,
        calendarCoverage: event.data.calendarCoverage,
      }));
    case 'CaseUpgradeDue':
      return updateClock(state, event.data.clockId, () => ({ status: 'upgrade-due' }));
    default:
      return notInStream(event, state);
  }
};
