import { severityRank, type AssistanceRequestedV1, type CaseAcceptedV1, type CaseAssignedV1, type CaseClassifiedV1, type CaseOpenedV1, type CaseProgressNotedV1, type CaseReopenedV1, type CaseResolvedV1, type CaseRoutedV1, type CaseSeveritySetBySystemV2, type CaseTransferredV1, type CaseVerifiedV1, type ClassificationCriterion, type EventOfType, type IncidentReportFiledV1, type MediaRiskMarkedV1, type OutsidePartyRecordedV1, type ResolutionProposedV1, type Responsibility, type Severity, type Validity, type WrittenReplyApprovedV1 } from '@mallcare/contracts';
import type { CaseFacts } from './case-policy';

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** `closed` is callback's to decide (CaseClosed); routing follows it and takes no command on a closed case. */
export const CASE_STATUSES = ['unrouted', 'routed', 'accepted', 'verified', 'classified', 'resolution-proposed', 'resolved', 'reopened', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const OPEN_STATUSES: readonly CaseStatus[] = ['routed', 'accepted', 'verified', 'classified', 'resolution-proposed', 'reopened'];

export interface CaseState {
  status: CaseStatus;
  /** Null for a case routed before CaseOpened existed (issue 2): such a case is treated as not written. */
  facts: CaseFacts | null;
  owningDepartmentId: string | null;
  handlingDepartmentId: string | null;
  assigneeStaffId: string | null;
  policyVersion: string | null;
  /** The highest severity a system rule set; people lower the case below it only with a reason. */
  systemSeverity: Severity | null;
  /** The case's severity now: the classification's, raised by later system rules. */
  severity: Severity | null;
  validity: Validity | null;
  responsibility: Responsibility | null;
  criteria: ClassificationCriterion[];
  assistingDepartmentIds: string[];
  outsideParties: string[];
  mediaRisk: boolean;
  /** The severity the last incident report was filed at, if any. */
  incidentReportSeverity: Severity | null;
  resolutionProposed: boolean;
  writtenReplyApproved: boolean;
  timesResolved: number;
  timesReopened: number;
}

export type CaseDecision =
  | { type: 'CaseOpened'; data: CaseOpenedV1 }
  | { type: 'CaseRouted'; data: CaseRoutedV1 }
  | { type: 'CaseAssigned'; data: CaseAssignedV1 }
  | { type: 'CaseSeveritySetBySystem'; data: CaseSeveritySetBySystemV2 }
  | { type: 'CaseAccepted'; data: CaseAcceptedV1 }
  | { type: 'CaseVerified'; data: CaseVerifiedV1 }
  | { type: 'CaseClassified'; data: CaseClassifiedV1 }
  | { type: 'CaseProgressNoted'; data: CaseProgressNotedV1 }
  | { type: 'AssistanceRequested'; data: AssistanceRequestedV1 }
  | { type: 'CaseTransferred'; data: CaseTransferredV1 }
  | { type: 'OutsidePartyRecorded'; data: OutsidePartyRecordedV1 }
  | { type: 'MediaRiskMarked'; data: MediaRiskMarkedV1 }
  | { type: 'IncidentReportFiled'; data: IncidentReportFiledV1 }
  | { type: 'ResolutionProposed'; data: ResolutionProposedV1 }
  | { type: 'WrittenReplyApproved'; data: WrittenReplyApprovedV1 }
  | { type: 'CaseResolved'; data: CaseResolvedV1 }
  | { type: 'CaseReopened'; data: CaseReopenedV1 };

// ---------------------------------------------------------------------------------------------
// evolve
// ---------------------------------------------------------------------------------------------

export const initialState = (): CaseState => ({
  status: 'unrouted',
  facts: null,
  owningDepartmentId: null,
  handlingDepartmentId: null,
  assigneeStaffId: null,
  policyVersion: null,
  systemSeverity: null,
  severity: null,
  validity: null,
  responsibility: null,
  criteria: [],
  assistingDepartmentIds: [],
  outsideParties: [],
  mediaRisk: false,
  incidentReportSeverity: null,
  resolutionProposed: false,
  writtenReplyApproved: false,
  timesResolved: 0,
  timesReopened: 0,
});

const higher = (a: Severity | null, b: Severity | null): Severity | null => {
  if (a === null) return b;
  if (b === null) return a;
  return severityRank(a) >= severityRank(b) ? a : b;
};

/** A case's stream: routing's case events, and callback's closures folded in between (case-closures.ts). */
export const CASE_STREAM_EVENTS = [
  'CaseOpened',
  'CaseRouted',
  'CaseAssigned',
  'CaseSeveritySetBySystem',
  'CaseAccepted',
  'CaseVerified',
  'CaseClassified',
  'CaseProgressNoted',
  'AssistanceRequested',
  'CaseTransferred',
  'OutsidePartyRecorded',
  'MediaRiskMarked',
  'IncidentReportFiled',
  'ResolutionProposed',
  'WrittenReplyApproved',
  'CaseResolved',
  'CaseReopened',
  'CaseClosed',
] as const;
export type CaseStreamEvent = EventOfType<(typeof CASE_STREAM_EVENTS)[number]>;

export const evolve = (state: CaseState, event: CaseStreamEvent): CaseState => {
  switch (event.type) {
    case 'CaseOpened':
      return { ...state, facts: { ...event.data, collectiveMemberIds: [...event.data.collectiveMemberIds] } };
    case 'CaseRouted':
      return {
        ...state,
        status: 'routed',
        owningDepartmentId: event.data.owningDepartmentId,
        handlingDepartmentId: event.data.handlingDepartmentId,
        policyVersion: event.data.policyVersion,
      };
    case 'CaseAssigned':
      return { ...state, assigneeStaffId: event.data.staffId };
    case 'CaseSeveritySetBySystem':
      return { ...state, systemSeverity: higher(state.systemSeverity, event.data.severity), severity: higher(state.severity, event.data.severity) };
    case 'CaseAccepted':
      return { ...state, status: 'accepted' };
    case 'CaseVerified':
      return { ...state, status: 'verified', validity: event.data.validity };
    case 'CaseClassified':
      return {
        ...state,
        status: state.status === 'reopened' ? 'reopened' : 'classified',
        responsibility: event.data.responsibility,
        severity: event.data.severity ?? null,
        criteria: [...event.data.criteria],
      };
    case 'CaseProgressNoted':
      return state;
    case 'AssistanceRequested':
      return { ...state, assistingDepartmentIds: [...state.assistingDepartmentIds, event.data.departmentId] };
    case 'CaseTransferred':
      // The new department checks the facts again; what only a system rule knew stays.
      return {
        ...state,
        status: 'routed',
        handlingDepartmentId: event.data.toDepartmentId,
        assigneeStaffId: null,
        validity: null,
        responsibility: null,
        criteria: [],
        severity: state.systemSeverity,
        resolutionProposed: false,
        writtenReplyApproved: false,
        assistingDepartmentIds: state.assistingDepartmentIds.filter((id) => id !== event.data.toDepartmentId),
      };
    case 'OutsidePartyRecorded':
      return { ...state, outsideParties: [...state.outsideParties, event.data.name] };
    case 'MediaRiskMarked':
      return { ...state, mediaRisk: true };
    case 'IncidentReportFiled':
      return { ...state, incidentReportSeverity: event.data.severity };
    case 'ResolutionProposed':
      return { ...state, status: state.status === 'reopened' ? 'reopened' : 'resolution-proposed', resolutionProposed: true };
    case 'WrittenReplyApproved':
      return { ...state, writtenReplyApproved: true };
    case 'CaseResolved':
      return { ...state, status: 'resolved', timesResolved: state.timesResolved + 1 };
    case 'CaseReopened':
      // What was proposed and replied did not satisfy: a new proposal and reply are needed.
      return { ...state, status: 'reopened', resolutionProposed: false, writtenReplyApproved: false, timesReopened: state.timesReopened + 1 };
    case 'CaseClosed':
      // Callback closes the resolution it called back about; a closure recorded after a reopen closes nothing.
      return state.status === 'resolved' ? { ...state, status: 'closed' } : state;
    default:
      return exhaustive(event);
  }
};

/** A switch on a union ends here: a new member that a case forgets does not compile. */
export const exhaustive = (value: never): never => {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
};
