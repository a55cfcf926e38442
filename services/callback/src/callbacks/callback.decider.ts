import {
  CommandRefused,
  isSatisfied,
  type CallbackAttemptRecordedV1,
  type CallbackMethod,
  type CallbackOutcomeRecordedV1,
  type CallbackScheduledV1,
  type CallbackUnreachableV1,
  type CaseClosedV1,
  type CaseReopenRequestedV1,
  type ClosingReason,
  type ComplainantType,
  type SatisfactionLevel,
  type EventOfType,
} from '@mallcare/contracts';
import { notInStream } from '@mallcare/event-store';
import { addPolicyDurationOnCalendar, findMall, policyCalendarFor, SAMPLE_GROUP_POLICY, type CallbackPolicy, type GroupPolicy } from '@mallcare/policy';

// ---------------------------------------------------------------------------------------------
// Commands (DOMAIN §8). ScheduleCallback comes from routing's CaseResolved; the rest are the
// callback desk's. The policy, the case's facts and the clock are passed in.
// ---------------------------------------------------------------------------------------------

/** A case was resolved: every case is called back by its owning department, invalid and non-responsible ones too. */
export interface ScheduleCallback {
  type: 'ScheduleCallback';
  data: { resolvedAt: Date; owningDepartmentId: string; resolutionEventId: string; mallId: string; policy: GroupPolicy };
}

export interface RecordAttempt {
  type: 'RecordAttempt';
  data: { method: CallbackMethod; reached: boolean; notes?: string; mallId: string; policy: GroupPolicy };
}

/** What the callback must know of the case (routing's events, kept by the callback service). */
export interface CallbackCaseFacts {
  complainantType: ComplainantType | null;
  written: boolean;
  writtenReplyApproved: boolean;
}

export interface RecordOutcome {
  type: 'RecordOutcome';
  data: {
    method: CallbackMethod;
    satisfaction: SatisfactionLevel;
    solved: boolean;
    tenantConfirmed?: boolean;
    comment?: string;
    facts: CallbackCaseFacts;
    policy: GroupPolicy;
  };
}

export type CallbackCommand = ScheduleCallback | RecordAttempt | RecordOutcome;

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** `due`: waiting for the callback; `reopen-requested`: back with the handling department; `closed`: the loop is closed. */
export type CallbackStatus = 'none' | 'due' | 'reopen-requested' | 'closed';

export interface CallbackState {
  status: CallbackStatus;
  /** The resolutions a callback was already scheduled for (a redelivered CaseResolved schedules nothing). */
  scheduledFor: string[];
  /** 1 for the first resolution's callback, 2 after a reopen and a new resolution, … */
  round: number;
  owningDepartmentId: string | null;
  dueAt: string | null;
  /** This round's attempts. */
  attempts: number;
  failedAttempts: number;
  /** An earlier callback of the case found the customer not satisfied: the next one is due sooner. */
  grumbling: boolean;
  closedBecause: ClosingReason | null;
}

export type CallbackDecision =
  | { type: 'CallbackScheduled'; data: CallbackScheduledV1; occurredAt?: string }
  | { type: 'CallbackAttemptRecorded'; data: CallbackAttemptRecordedV1 }
  | { type: 'CallbackOutcomeRecorded'; data: CallbackOutcomeRecordedV1 }
  | { type: 'CallbackUnreachable'; data: CallbackUnreachableV1 }
  | { type: 'CaseReopenRequested'; data: CaseReopenRequestedV1 }
  | { type: 'CaseClosed'; data: CaseClosedV1 };

/** The codes the API answers a refused callback command with. */
export enum CallbackRefusalCode {
  NotDue = 'CALLBACK_NOT_DUE',
  RuleBroken = 'CALLBACK_RULE_BROKEN',
}

/** Attempts and outcomes need a callback that is due. */
export const callbackNotDue = (command: CallbackCommand['type'], status: CallbackStatus): CommandRefused =>
  new CommandRefused(
    CallbackRefusalCode.NotDue,
    'wrong-state',
    'callback-not-due',
    `${command} needs a callback that is due; this case's callback is ${status === 'none' ? 'not scheduled' : status}`,
    { command, state: status },
  );

/** A rule of DOMAIN §3/§8 stops the command. */
const callbackRuleBroken = (command: CallbackCommand['type'], rule: string, message: string): CommandRefused =>
  new CommandRefused(CallbackRefusalCode.RuleBroken, 'wrong-state', rule, message, { command, rule });

export const initialState = (): CallbackState => ({
  status: 'none',
  scheduledFor: [],
  round: 0,
  owningDepartmentId: null,
  dueAt: null,
  attempts: 0,
  failedAttempts: 0,
  grumbling: false,
  closedBecause: null,
});

/** A case's callback stream: callback's own events about calling the complainant back. */
export const CALLBACK_STREAM_EVENTS = ['CallbackScheduled', 'CallbackAttemptRecorded', 'CallbackOutcomeRecorded', 'CallbackUnreachable', 'CaseReopenRequested', 'CaseClosed'] as const;
export type CallbackStreamEvent = EventOfType<(typeof CALLBACK_STREAM_EVENTS)[number]>;

export const evolve = (state: CallbackState, event: CallbackStreamEvent): CallbackState => {
  switch (event.type) {
    case 'CallbackScheduled':
      return {
        ...state,
        status: 'due',
        scheduledFor: [...state.scheduledFor, event.metadata.causationId ?? ''],
        round: state.round + 1,
        owningDepartmentId: event.data.owningDepartmentId,
        dueAt: event.data.dueAt,
        attempts: 0,
        failedAttempts: 0,
        closedBecause: null,
      };
    case 'CallbackAttemptRecorded':
      return { ...state, attempts: state.attempts + 1, failedAttempts: state.failedAttempts + (event.data.reached ? 0 : 1) };
    case 'CallbackOutcomeRecorded':
      return { ...state, grumbling: state.grumbling || !event.data.satisfied };
    case 'CaseReopenRequested':
      return { ...state, status: 'reopen-requested' };
    case 'CaseClosed':
      return { ...state, status: 'closed', closedBecause: event.data.closedBecause };
    case 'CallbackUnreachable':
      return state;
    default:
      return notInStream(event, state);
  }
};

// ---------------------------------------------------------------------------------------------
// Policy: the group's callback settings with the mall's own laid over them
// ---------------------------------------------------------------------------------------------

/** Policies written before these settings existed fall back to the seed's values (data, not literals). */
export const callbackPolicyFor = (policy: GroupPolicy, mallId: string): Required<CallbackPolicy> => {
  const seed = SAMPLE_GROUP_POLICY.callback;
  const merged = { ...policy.callback, ...findMall(policy, mallId)?.settings?.callback };
  return {
    within: merged.within,
    grumblingWithin: merged.grumblingWithin ?? seed.grumblingWithin ?? merged.within,
    maxFailedAttempts: merged.maxFailedAttempts ?? seed.maxFailedAttempts ?? 1,
  };
};

/** Tenants confirm the result themselves (DOMAIN §8). */
const TENANTS: readonly ComplainantType[] = ['street-shop-tenant', 'anchor-store'];
export const isTenant = (complainantType: ComplainantType | null): boolean => complainantType !== null && TENANTS.includes(complainantType);

const needDue = (command: CallbackCommand['type'], state: CallbackState): void => {
  if (state.status !== 'due') throw callbackNotDue(command, state.status);
};

const reopenReason = (data: RecordOutcome['data'], tenantConfirmed: boolean | undefined): string => {
  const why = [
    !isSatisfied(data.satisfaction) ? `customer ${data.satisfaction}` : null,
    !data.solved ? 'not really solved' : null,
    tenantConfirmed === false ? 'the tenant did not confirm the result' : null,
  ].filter((part): part is string => part !== null);
  const text = `callback (${data.method}): ${why.join(', ')}${data.comment ? ` — ${data.comment}` : ''}`;
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
};

// ---------------------------------------------------------------------------------------------
// decide
// ---------------------------------------------------------------------------------------------

export const decide = (command: CallbackCommand, state: CallbackState): CallbackDecision[] => {
  switch (command.type) {
    case 'ScheduleCallback': {
      const { resolvedAt, owningDepartmentId, resolutionEventId, mallId, policy } = command.data;
      if (state.scheduledFor.includes(resolutionEventId)) return [];
      const settings = callbackPolicyFor(policy, mallId);
      const within = state.grumbling ? settings.grumblingWithin : settings.within;
      const { dueAt } = addPolicyDurationOnCalendar(resolvedAt, within, policyCalendarFor(policy, mallId));
      return [
        {
          type: 'CallbackScheduled',
          data: { owningDepartmentId, dueAt: dueAt.toISOString(), policyVersion: policy.version },
          occurredAt: resolvedAt.toISOString(),
        },
      ];
    }
    case 'RecordAttempt': {
      needDue(command.type, state);
      const { method, reached, notes, mallId, policy } = command.data;
      const attempt: CallbackDecision = { type: 'CallbackAttemptRecorded', data: { method, reached, attempt: state.attempts + 1, ...(notes ? { notes } : {}) } };
      const { maxFailedAttempts } = callbackPolicyFor(policy, mallId);
      const failed = state.failedAttempts + (reached ? 0 : 1);
      if (reached || failed < maxFailedAttempts) return [attempt];
      // Called back-attempted, not satisfied: the case closes on that outcome, which says why.
      const reason = `not reached after ${failed} failed attempts (policy: ${maxFailedAttempts})${notes ? `: ${notes}` : ''}`;
      return [
        attempt,
        { type: 'CallbackUnreachable', data: { failedAttempts: failed, reason: reason.length > 2000 ? `${reason.slice(0, 1999)}…` : reason, policyVersion: policy.version } },
        { type: 'CaseClosed', data: { closedBecause: 'unreachable', policyVersion: policy.version } },
      ];
    }
    case 'RecordOutcome': {
      needDue(command.type, state);
      const { method, satisfaction, solved, tenantConfirmed, comment, facts, policy } = command.data;
      if (facts.written && !facts.writtenReplyApproved) {
        throw callbackRuleBroken(command.type, 'written-reply-approval-required', 'a written complaint needs its written reply approved by a leader before the callback completes');
      }
      const tenant = isTenant(facts.complainantType);
      if (tenant && tenantConfirmed === undefined) {
        throw callbackRuleBroken(command.type, 'tenant-confirmation-required', 'a tenant confirms the result: say whether they did (tenantConfirmed)');
      }
      const confirmed = tenant ? tenantConfirmed : undefined;
      const satisfied = isSatisfied(satisfaction) && solved && confirmed !== false;
      const outcome: CallbackDecision = {
        type: 'CallbackOutcomeRecorded',
        data: { method, satisfaction, solved, ...(confirmed !== undefined ? { tenantConfirmed: confirmed } : {}), ...(comment ? { comment } : {}), satisfied, policyVersion: policy.version },
      };
      if (satisfied) return [outcome, { type: 'CaseClosed', data: { closedBecause: 'satisfied', satisfaction, policyVersion: policy.version } }];
      return [
        outcome,
        {
          type: 'CaseReopenRequested',
          data: { reason: reopenReason(command.data, confirmed), satisfaction, solved, ...(confirmed !== undefined ? { tenantConfirmed: confirmed } : {}) },
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unhandled ${JSON.stringify(unknown)}`);
    }
  }
};

export const callbackDecider = { initialState, streamEvents: CALLBACK_STREAM_EVENTS, evolve, decide };
