import type { CallbackScheduledV1, ComplaintEvent } from '@mallcare/contracts';
import { addPolicyDuration, type GroupPolicy } from '@mallcare/policy';

/** A case was resolved: every case is called back by its owning department (DOMAIN §8). */
export interface ScheduleCallback {
  type: 'ScheduleCallback';
  data: { resolvedAt: Date; owningDepartmentId: string; resolutionEventId: string; policy: GroupPolicy };
}

export type CallbackCommand = ScheduleCallback;

export interface CallbackState {
  /** The resolutions a callback was already scheduled for. */
  scheduledFor: string[];
}

export type CallbackDecision = { type: 'CallbackScheduled'; data: CallbackScheduledV1; occurredAt: string };

export const initialState = (): CallbackState => ({ scheduledFor: [] });

export const evolve = (state: CallbackState, event: ComplaintEvent): CallbackState => {
  switch (event.type) {
    case 'CallbackScheduled':
      return { scheduledFor: [...state.scheduledFor, event.metadata.causationId ?? ''] };
    default:
      return state;
  }
};

export const decide = (command: CallbackCommand, state: CallbackState): CallbackDecision[] => {
  const { resolvedAt, owningDepartmentId, resolutionEventId, policy } = command.data;
  if (state.scheduledFor.includes(resolutionEventId)) return [];
  return [
    {
      type: 'CallbackScheduled',
      data: {
        owningDepartmentId,
        dueAt: addPolicyDuration(resolvedAt, policy.callback.within, policy.timeZone).toISOString(),
        policyVersion: policy.version,
      },
      occurredAt: resolvedAt.toISOString(),
    },
  ];
};

export const callbackDecider = { initialState, evolve, decide };
