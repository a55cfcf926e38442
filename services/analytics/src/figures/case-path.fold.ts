import type { CallbackMethod, ClosingReason, ComplaintEvent, ComplaintEventType, SatisfactionLevel } from '@mallcare/contracts';
import { timeZoneOf, type GroupPolicy } from '@mallcare/policy';
import type { CaseRecord, ClockRecord } from './case-record';
import { reportingPeriodsOf } from './reporting-period';

type Registration = Pick<CaseRecord, 'caseNumber' | 'kind' | 'category' | 'channel' | 'complainantType' | 'collective' | 'receivedAt'> & {
  matterKey?: string | null;
};

/**
 * The resolution/callback loop: routing's resolutions and reopens and callback's outcomes come from two
 * services, so they may arrive in either order. They are kept in causal order (see compareLoopSteps)
 * and applied over the other facts when the record is made, so arrival order changes nothing.
 */
export type LoopChange =
  | { type: 'CaseResolved' }
  | { type: 'CaseReopened' }
  | { type: 'CallbackAttemptRecorded'; attempt: number }
  | { type: 'CallbackOutcomeRecorded'; method: CallbackMethod; satisfaction: SatisfactionLevel; comment: string | null }
  | { type: 'CallbackUnreachable'; failedAttempts: number }
  | { type: 'CaseClosed'; closedBecause: ClosingReason; satisfaction: SatisfactionLevel | null };

export interface LoopStep {
  eventId: string;
  streamId: string;
  streamPosition: number;
  recordedAt: string;
  occurredAt: string;
  change: LoopChange;
}

/**
 * What the log has told about one case so far. Each event sets only what it knows, so a case folds
 * the same whichever service's events arrive first; a record exists once the registration is known.
 */
export interface CasePathState {
  complaintId: string | null;
  mallId: string | null;
  registration: Registration | null;
  facts: Omit<CaseRecord, keyof Registration | 'complaintId' | 'mallId' | 'timeZone' | 'month' | 'week' | 'localDate' | 'clocks' | 'missingFields'>;
  clocks: Omit<ClockRecord, 'isTarget'>[];
  /** Clocks whose due date raised an upgrade instead of a breach. */
  upgradeClockIds: string[];
  /** The resolution/callback steps in causal order, applied over `facts` by toCaseRecord. */
  loop: LoopStep[];
  /** The last position applied per stream: a redelivered or replayed event changes nothing. */
  streams: Record<string, number>;
}

/** The event types that change a case path (the others fold to the same state): what analytics follows. */
export const FOLDED_EVENT_TYPES = [
  'ComplaintRegistered',
  'CollectiveComplaintRaised',
  'InquiryAnswered',
  'ComplaintJoinedCollective',
  'RepeatComplaintLinked',
  'CaseRouted',
  'CaseAssigned',
  'CaseTransferred',
  'CaseVerified',
  'CaseClassified',
  'CaseSeveritySetBySystem',
  'CaseProgressNoted',
  'ResolutionProposed',
  'CaseResolved',
  'CaseReopened',
  'CallbackAttemptRecorded',
  'CallbackOutcomeRecorded',
  'CallbackUnreachable',
  'CaseClosed',
  'SlaClockStarted',
  'SlaClockMet',
  'SlaClockBreached',
  'SlaClockPaused',
  'SlaClockResumed',
  'SlaClockRecomputed',
  'CaseUpgradeDue',
  'SlaEscalated',
] as const satisfies readonly ComplaintEventType[];

export const initialCasePath = (): CasePathState => ({
  complaintId: null,
  mallId: null,
  registration: null,
  facts: {
    collectiveCaseNumber: null,
    repeatCount: 1,
    owningDepartmentId: null,
    handlingDepartmentId: null,
    handlerStaffId: null,
    validity: null,
    responsibility: null,
    severity: null,
    forwardedAt: null,
    assignedAt: null,
    firstReplyAt: null,
    firstResolvedAt: null,
    resolvedAt: null,
    resolutionCount: 0,
    reopenCount: 0,
    calledBackAt: null,
    callbackEnd: null,
    callbackMethod: null,
    callbackAttempts: 0,
    satisfaction: null,
    satisfactionComment: null,
    ratings: [],
    closedAt: null,
    closedBecause: null,
    escalated: false,
  },
  clocks: [],
  upgradeClockIds: [],
  loop: [],
  streams: {},
});

const earliest = (current: string | null, candidate: string): string => (current !== null && Date.parse(current) <= Date.parse(candidate) ? current : candidate);

const withClock = (state: CasePathState, clockId: string, change: (clock: Omit<ClockRecord, 'isTarget'>) => Partial<ClockRecord>): CasePathState => ({
  ...state,
  clocks: state.clocks.map((clock) => (clock.clockId === clockId ? { ...clock, ...change(clock) } : clock)),
});

/**
 * Causal order of two loop steps: a stream's own order first; across streams the store's record time
 * (a reaction is recorded after what caused it), then the time it happened, then a stable tie-break.
 */
export const compareLoopSteps = (a: LoopStep, b: LoopStep): number => {
  if (a.streamId === b.streamId) return a.streamPosition - b.streamPosition;
  return (
    Date.parse(a.recordedAt) - Date.parse(b.recordedAt) ||
    Date.parse(a.occurredAt) - Date.parse(b.occurredAt) ||
    (a.streamId < b.streamId ? -1 : 1)
  );
};

const withLoopStep = (state: CasePathState, event: ComplaintEvent, change: LoopChange): CasePathState => {
  if (state.loop.some((step) => step.eventId === event.metadata.eventId)) return state;
  const { eventId, streamId, streamPosition, recordedAt, occurredAt } = event.metadata;
  const loop = [...state.loop, { eventId, streamId, streamPosition, recordedAt, occurredAt, change }].sort(compareLoopSteps);
  return { ...state, loop };
};

/** The case's state after one more event; an event at or before its stream's last applied position changes nothing. */
export const evolveCasePath = (previous: CasePathState, event: ComplaintEvent): CasePathState => {
  const { streamId, streamPosition } = event.metadata;
  const applied = previous.streams[streamId];
  if (applied !== undefined && streamPosition <= applied) return previous;
  const next = evolveCaseFacts(previous, event);
  return { ...next, streams: { ...next.streams, [streamId]: streamPosition } };
};

const evolveCaseFacts = (previous: CasePathState, event: ComplaintEvent): CasePathState => {
  const { complaintId, mallId } = event.metadata;
  // A rebuild folds millions of events: copy the state only when an event changes it.
  const state: CasePathState = previous.complaintId === complaintId && previous.mallId === mallId ? previous : { ...previous, complaintId, mallId };
  const facts = state.facts;
  const at = event.metadata.occurredAt;
  const set = (change: Partial<CasePathState['facts']>): CasePathState => ({ ...state, facts: { ...facts, ...change } });
  switch (event.type) {
    case 'ComplaintRegistered': {
      const { caseNumber, kind, category, channel, complainantType, receivedAt, matterKey } = event.data;
      return { ...state, registration: { caseNumber, kind, category, channel, complainantType, collective: false, receivedAt, matterKey } };
    }
    case 'CollectiveComplaintRaised': {
      const { caseNumber, category, complainantType, receivedAt } = event.data;
      return { ...state, registration: { caseNumber, kind: 'complaint', category, channel: null, complainantType, collective: true, receivedAt } };
    }
    case 'InquiryAnswered':
      // Answered at the desk: its first reply, its resolution and its closing all at once.
      return set({
        handlerStaffId: event.data.answeredBy,
        firstReplyAt: earliest(facts.firstReplyAt, at),
        firstResolvedAt: earliest(facts.firstResolvedAt, at),
        resolvedAt: at,
        resolutionCount: Math.max(facts.resolutionCount, 1),
        closedAt: at,
        closedBecause: 'inquiry-answered',
      });
    case 'ComplaintJoinedCollective':
      return set({ collectiveCaseNumber: event.data.collectiveCaseNumber });
    case 'RepeatComplaintLinked':
      return set({ repeatCount: Math.max(facts.repeatCount, event.data.repeatCount) });
    case 'CaseRouted':
      return set({
        owningDepartmentId: event.data.owningDepartmentId,
        handlingDepartmentId: facts.handlingDepartmentId ?? event.data.handlingDepartmentId,
        forwardedAt: earliest(facts.forwardedAt, at),
      });
    case 'CaseAssigned':
      return set({ handlerStaffId: event.data.staffId, handlingDepartmentId: event.data.departmentId, assignedAt: earliest(facts.assignedAt, at) });
    case 'CaseTransferred':
      return set({ handlingDepartmentId: event.data.toDepartmentId });
    case 'CaseVerified':
      return set({ validity: event.data.validity });
    case 'CaseClassified':
      return set({
        responsibility: event.data.responsibility,
        severity: event.data.responsibility === 'responsible' ? (event.data.severity ?? facts.severity) : null,
      });
    case 'CaseSeveritySetBySystem':
      return set({ severity: event.data.severity });
    case 'CaseProgressNoted':
    case 'ResolutionProposed':
      return set({ firstReplyAt: earliest(facts.firstReplyAt, at) });
    case 'CaseResolved':
      // The departments and first times follow routing's own order; the resolution itself joins the loop.
      return withLoopStep(
        {
          ...state,
          facts: {
            ...facts,
            owningDepartmentId: event.data.owningDepartmentId,
            handlingDepartmentId: event.data.handlingDepartmentId,
            firstReplyAt: earliest(facts.firstReplyAt, at),
            firstResolvedAt: earliest(facts.firstResolvedAt, at),
          },
        },
        event,
        { type: 'CaseResolved' },
      );
    case 'CaseReopened':
      return withLoopStep(state, event, { type: 'CaseReopened' });
    case 'CallbackAttemptRecorded':
      return withLoopStep(state, event, { type: 'CallbackAttemptRecorded', attempt: event.data.attempt });
    case 'CallbackOutcomeRecorded':
      return withLoopStep(state, event, {
        type: 'CallbackOutcomeRecorded',
        method: event.data.method,
        satisfaction: event.data.satisfaction,
        comment: event.data.comment ?? null,
      });
    case 'CallbackUnreachable':
      return withLoopStep(state, event, { type: 'CallbackUnreachable', failedAttempts: event.data.failedAttempts });
    case 'CaseClosed':
      return withLoopStep(state, event, { type: 'CaseClosed', closedBecause: event.data.closedBecause, satisfaction: event.data.satisfaction ?? null });
    case 'SlaClockStarted': {
      const { clockId, clockKind, startedAt, dueAt } = event.data;
      if (state.clocks.some((clock) => clock.clockId === clockId)) return state;
      return { ...state, clocks: [...state.clocks, { clockId, kind: clockKind, startedAt, dueAt, paused: false, metAt: null, metWithinTarget: null, breachedAt: null }] };
    }
    case 'SlaClockMet':
      return withClock(state, event.data.clockId, () => ({ metAt: event.data.metAt, metWithinTarget: event.data.withinTarget, paused: false }));
    case 'SlaClockBreached':
      return withClock({ ...state, facts: { ...facts, escalated: true } }, event.data.clockId, () => ({ breachedAt: event.data.breachedAt }));
    case 'SlaClockPaused':
      return withClock(state, event.data.clockId, () => ({ paused: true }));
    case 'SlaClockResumed':
      return withClock(state, event.data.clockId, () => ({ paused: false, dueAt: event.data.dueAt }));
    case 'SlaClockRecomputed':
      return withClock(state, event.data.clockId, () => ({ dueAt: event.data.dueAt }));
    case 'CaseUpgradeDue':
      if (state.upgradeClockIds.includes(event.data.clockId)) return state;
      return { ...state, upgradeClockIds: [...state.upgradeClockIds, event.data.clockId] };
    case 'SlaEscalated':
      return set({ escalated: true });
    case 'CaseOpened':
    case 'CaseAccepted':
    case 'AssistanceRequested':
    case 'OutsidePartyRecorded':
    case 'MediaRiskMarked':
    case 'IncidentReportFiled':
    case 'WrittenReplyApproved':
    case 'CallbackScheduled':
    case 'CaseReopenRequested':
    case 'SlaClockWarned':
    case 'HqSampleCallbackDrawn':
    case 'HqSampleCallbackRecorded':
    case 'PersonalDataErased':
    case 'GroupPolicyChanged':
    case 'MonthlyAnalysisPackProduced':
    case 'CaseMarkedAsExample':
      return state;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
};

type Facts = CasePathState['facts'];

/** One loop step over the facts, in causal order. */
export const applyLoopStep = (facts: Facts, step: LoopStep): Facts => {
  const at = step.occurredAt;
  const change = step.change;
  switch (change.type) {
    case 'CaseResolved':
      // A new resolution is due its own callback (CaseReopened already forgot the previous one's end).
      return { ...facts, resolvedAt: at, resolutionCount: facts.resolutionCount + 1, callbackMethod: null, callbackAttempts: 0 };
    case 'CaseReopened':
      return { ...facts, resolvedAt: null, closedAt: null, closedBecause: null, calledBackAt: null, callbackEnd: null, reopenCount: facts.reopenCount + 1 };
    case 'CallbackAttemptRecorded':
      return { ...facts, callbackAttempts: Math.max(facts.callbackAttempts, change.attempt) };
    case 'CallbackOutcomeRecorded':
      return {
        ...facts,
        calledBackAt: at,
        callbackEnd: 'reached',
        callbackMethod: change.method,
        satisfaction: change.satisfaction,
        satisfactionComment: change.comment,
        ratings: [...facts.ratings, change.satisfaction],
      };
    case 'CallbackUnreachable':
      return { ...facts, calledBackAt: at, callbackEnd: 'unreachable', callbackAttempts: Math.max(facts.callbackAttempts, change.failedAttempts) };
    case 'CaseClosed':
      return { ...facts, closedAt: at, closedBecause: change.closedBecause, satisfaction: facts.satisfaction ?? change.satisfaction };
    default: {
      const unhandled: never = change;
      return unhandled;
    }
  }
};

/** Fields a record at its stage must have (DOMAIN §9 data completeness): what the step it reached should have written. */
export const missingFieldsOf = (record: Omit<CaseRecord, 'missingFields'>): string[] => {
  const required: (keyof Omit<CaseRecord, 'missingFields'>)[] = ['caseNumber', 'kind', 'category', 'complainantType', 'receivedAt'];
  if (!record.collective) required.push('channel');
  if (record.kind === 'inquiry') {
    required.push('handlerStaffId', 'closedAt');
  } else if (record.resolutionCount > 0) {
    required.push('owningDepartmentId', 'handlingDepartmentId', 'handlerStaffId', 'validity');
    // Routing refuses to classify a case verified invalid (invalid-case-is-not-classified): no responsibility to ask of it.
    if (record.validity !== 'invalid') required.push('responsibility');
    if (record.responsibility === 'responsible') required.push('severity');
    if (record.closedAt !== null) required.push('callbackEnd');
  }
  return required.filter((field) => record[field] === null || record[field] === undefined || record[field] === '');
};

const upgradeKindsByPolicy = new WeakMap<GroupPolicy, Set<string>>();
const upgradeKindsOf = (policy: GroupPolicy): Set<string> => {
  let kinds = upgradeKindsByPolicy.get(policy);
  if (!kinds) {
    kinds = new Set(policy.clocks.filter((clock) => clock.onDue === 'upgrade-to-major').map((clock) => clock.kind));
    upgradeKindsByPolicy.set(policy, kinds);
  }
  return kinds;
};

/** The case's record, or null while its registration is not known yet. */
export const toCaseRecord = (state: CasePathState, policy: GroupPolicy): CaseRecord | null => {
  if (state.registration === null || state.complaintId === null || state.mallId === null) return null;
  const timeZone = timeZoneOf(policy, state.mallId);
  const { localDate, month, week } = reportingPeriodsOf(state.registration.receivedAt, timeZone);
  const upgradeKinds = upgradeKindsOf(policy);
  const clocks: ClockRecord[] = state.clocks.map((clock) => ({
    ...clock,
    isTarget: !upgradeKinds.has(clock.kind) && !state.upgradeClockIds.includes(clock.clockId),
  }));
  const facts = state.loop.reduce(applyLoopStep, state.facts);
  const { matterKey, ...registration } = state.registration;
  const record = { complaintId: state.complaintId, mallId: state.mallId, timeZone, month, week, localDate, ...registration, matterKey: matterKey ?? null, ...facts, clocks };
  return { ...record, missingFields: missingFieldsOf(record) };
};

/** Folds one case's events, in the order of the log. */
export const foldCasePath = (events: readonly ComplaintEvent[], policy: GroupPolicy): CaseRecord | null =>
  toCaseRecord(events.reduce(evolveCasePath, initialCasePath()), policy);

/** Folds a log of many cases into one record per case that has a registration. */
export const foldCaseRecords = (events: readonly ComplaintEvent[], policy: GroupPolicy): CaseRecord[] => {
  const states = new Map<string, CasePathState>();
  for (const event of events) {
    states.set(event.metadata.complaintId, evolveCasePath(states.get(event.metadata.complaintId) ?? initialCasePath(), event));
  }
  return [...states.values()].map((state) => toCaseRecord(state, policy)).filter((record): record is CaseRecord => record !== null);
};
