import type { ComplaintEvent, ComplaintEventType, SlaClockMetV1, SlaClockStartedV1 } from '@mallcare/contracts';
import { addPolicyDuration, durationInMinutes, type GroupPolicy } from '@mallcare/policy';

/** A case event happened; start the clocks it starts and meet the clocks it meets (DOMAIN §6). */
export interface ObserveCaseEvent {
  type: 'ObserveCaseEvent';
  data: { eventType: ComplaintEventType; at: Date; policy: GroupPolicy };
}

export type ClockCommand = ObserveCaseEvent;

export interface RunningClock {
  clockId: string;
  kind: string;
  dueAt: string;
}

export interface ClocksState {
  running: RunningClock[];
  finishedKinds: string[];
}

export type ClockDecision =
  | { type: 'SlaClockStarted'; data: SlaClockStartedV1; occurredAt: string }
  | { type: 'SlaClockMet'; data: SlaClockMetV1; occurredAt: string };

export const initialState = (): ClocksState => ({ running: [], finishedKinds: [] });

export const evolve = (state: ClocksState, event: ComplaintEvent): ClocksState => {
  switch (event.type) {
    case 'SlaClockStarted':
      return { ...state, running: [...state.running, { clockId: event.data.clockId, kind: event.data.clockKind, dueAt: event.data.dueAt }] };
    case 'SlaClockMet':
      return {
        running: state.running.filter((clock) => clock.clockId !== event.data.clockId),
        finishedKinds: [...state.finishedKinds, event.data.clockKind],
      };
    default:
      return state;
  }
};

export const decide = (command: ClockCommand, state: ClocksState): ClockDecision[] => {
  const { eventType, at, policy } = command.data;
  const isKnown = (kind: string) => state.running.some((clock) => clock.kind === kind) || state.finishedKinds.includes(kind);
  const met = state.running.flatMap((clock): ClockDecision[] => {
    const clockPolicy = policy.clocks.find((candidate) => candidate.kind === clock.kind);
    if (clockPolicy?.metOn !== eventType) return [];
    return [
      {
        type: 'SlaClockMet',
        data: { clockId: clock.clockId, clockKind: clock.kind, metAt: at.toISOString(), withinTarget: at.getTime() <= Date.parse(clock.dueAt) },
        occurredAt: at.toISOString(),
      },
    ];
  });
  const started = policy.clocks
    .filter((clockPolicy) => clockPolicy.startsOn === eventType && !isKnown(clockPolicy.kind))
    .map((clockPolicy): ClockDecision => {
      const dueAt = addPolicyDuration(at, clockPolicy.target, policy.timeZone);
      return {
        type: 'SlaClockStarted',
        data: {
          clockId: `${clockPolicy.kind}#1`,
          clockKind: clockPolicy.kind,
          startedAt: at.toISOString(),
          dueAt: dueAt.toISOString(),
          targetMinutes: durationInMinutes(at, dueAt),
          policyVersion: policy.version,
        },
        occurredAt: at.toISOString(),
      };
    });
  return [...met, ...started];
};

export const clockDecider = { initialState, evolve, decide };
