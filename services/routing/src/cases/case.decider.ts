import {
  CLASSIFICATION_CRITERIA,
  CommandRefused,
  severityRank,
  type AssistanceRequestedV1,
  type CaseAcceptedV1,
  type CaseAssignedV1,
  type CaseClassifiedV1,
  type CaseOpenedV1,
  type CaseProgressNotedV1,
  type CaseReopenedV1,
  type CaseResolvedV1,
  type CaseRoutedV1,
  type CaseSeveritySetBySystemV2,
  type CaseTransferredV1,
  type CaseVerifiedV1,
  type ClassificationCriterion,
  type ComplaintEvent,
  type IncidentReportFiledV1,
  type MediaRiskMarkedV1,
  type OutsidePartyRecordedV1,
  type ResolutionProposedV1,
  type Responsibility,
  type Severity,
  type Validity,
  type WrittenReplyApprovedV1,
} from '@mallcare/contracts';
import type { GroupPolicy } from '@mallcare/policy';
import { mallDepartmentIds, repeatCountForMajor, responsibleFor, routeFor, systemSeveritiesOnOpening, type CaseFacts, type SystemSeverity } from './case-policy';

// ---------------------------------------------------------------------------------------------
// Commands. RouteCase and RaiseSeverityBySystem come from other services' events; the rest are
// people's handling commands (DOMAIN §4, §5). The clock (`at`) and the policy are passed in.
// ---------------------------------------------------------------------------------------------

export interface RouteCase {
  type: 'RouteCase';
  data: { mallId: string; facts: CaseFacts; policy: GroupPolicy; at: string };
}
/** The same complainant raised the matter again (intake linked it): `repeatCount` counts every time, the first included. */
export interface RecordRepeat {
  type: 'RecordRepeat';
  data: { repeatCount: number; mallId: string; policy: GroupPolicy };
}
/**
 * sla-monitor found the case open a month while responsible (CaseUpgradeDue, DOMAIN §4): raise it to
 * `toSeverity` if it still qualifies. `policyVersion` is the version that decided it was due.
 */
export interface UpgradeUnresolvedCase {
  type: 'UpgradeUnresolvedCase';
  data: { toSeverity: Severity; reason: string; policyVersion: string };
}
export interface AcceptCase {
  type: 'AcceptCase';
  data: Record<string, never>;
}
export interface VerifyCase {
  type: 'VerifyCase';
  data: { validity: Validity; reason: string };
}
export interface ClassifyCase {
  type: 'ClassifyCase';
  data: { responsibility: Responsibility; severity?: Severity; criteria: ClassificationCriterion[]; note?: string; overrideReason?: string };
}
export interface AddProgressNote {
  type: 'AddProgressNote';
  data: { note: string; departmentId?: string };
}
export interface RequestAssistance {
  type: 'RequestAssistance';
  data: { departmentId: string; reason: string; mallId: string; policy: GroupPolicy };
}
export interface TransferCase {
  type: 'TransferCase';
  data: { toDepartmentId: string; reason: string; mallId: string; policy: GroupPolicy; at: string };
}
export interface RecordOutsideParty {
  type: 'RecordOutsideParty';
  data: OutsidePartyRecordedV1;
}
export interface MarkMediaRisk {
  type: 'MarkMediaRisk';
  data: MediaRiskMarkedV1;
}
export interface FileIncidentReport {
  type: 'FileIncidentReport';
  data: Omit<IncidentReportFiledV1, 'severity'>;
}
export interface ProposeResolution {
  type: 'ProposeResolution';
  data: ResolutionProposedV1;
}
export interface ApproveWrittenReply {
  type: 'ApproveWrittenReply';
  data: WrittenReplyApprovedV1;
}
export interface ResolveCase {
  type: 'ResolveCase';
  data: { actionTaken: string; customerToldWhat: string };
}
export interface ReopenCase {
  type: 'ReopenCase';
  data: CaseReopenedV1;
}

export type HandlingCommand =
  | AcceptCase
  | VerifyCase
  | ClassifyCase
  | AddProgressNote
  | RequestAssistance
  | TransferCase
  | RecordOutsideParty
  | MarkMediaRisk
  | FileIncidentReport
  | ProposeResolution
  | ApproveWrittenReply
  | ResolveCase
  | ReopenCase;
export type CaseCommand = RouteCase | RecordRepeat | UpgradeUnresolvedCase | HandlingCommand;
export type HandlingCommandType = HandlingCommand['type'];

/** Every command people can give, in the order a case usually meets them. */
export const HANDLING_COMMANDS: readonly HandlingCommandType[] = [
  'AcceptCase',
  'VerifyCase',
  'ClassifyCase',
  'AddProgressNote',
  'RequestAssistance',
  'TransferCase',
  'RecordOutsideParty',
  'MarkMediaRisk',
  'FileIncidentReport',
  'ProposeResolution',
  'ApproveWrittenReply',
  'ResolveCase',
  'ReopenCase',
];

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
// Refusals: wrong state (422, with the allowed commands), a handling rule (422), a duplicate (409)
// ---------------------------------------------------------------------------------------------

/** The codes the API answers a refused case command with. */
export enum CaseRefusalCode {
  WrongState = 'ROUTING_CASE_IN_WRONG_STATE',
  RuleBroken = 'ROUTING_HANDLING_RULE_BROKEN',
  Duplicate = 'ROUTING_DUPLICATE_COMMAND',
}

/** Not allowed while the case is in this state; `state` (the problem body's `status` is HTTP's) and what it allows instead. */
export const caseInWrongState = (command: CaseCommand['type'], state: CaseState): CommandRefused =>
  new CommandRefused(CaseRefusalCode.WrongState, 'wrong-state', 'case-in-wrong-state', `${command} is not allowed while the case is ${state.status}`, {
    command,
    state: state.status,
    allowedCommands: allowedCommands(state),
  });

/** The state allows the command in general, but a handling rule of DOMAIN §3–§7 does not. */
export const caseRuleBroken = (command: CaseCommand['type'], state: CaseState, rule: string, message: string): CommandRefused =>
  new CommandRefused(CaseRefusalCode.RuleBroken, 'wrong-state', rule, message, { command, rule, state: state.status, allowedCommands: allowedCommands(state) });

/** The command would record again what is already recorded. */
export const duplicateCaseCommand = (command: CaseCommand['type'], message: string): CommandRefused =>
  new CommandRefused(CaseRefusalCode.Duplicate, 'conflict', 'duplicate', message, { command });

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

export const evolve = (state: CaseState, event: ComplaintEvent): CaseState => {
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
    case 'ComplaintRegistered':
    case 'SlaClockStarted':
    case 'SlaClockMet':
    case 'SlaClockWarned':
    case 'SlaClockBreached':
    case 'SlaEscalated':
    case 'SlaClockPaused':
    case 'SlaClockResumed':
    case 'SlaClockRecomputed':
    case 'CaseUpgradeDue':
    case 'CallbackScheduled':
    case 'CallbackAttemptRecorded':
    case 'CallbackOutcomeRecorded':
    case 'CallbackUnreachable':
    case 'CaseReopenRequested':
    case 'HqSampleCallbackDrawn':
    case 'HqSampleCallbackRecorded':
    case 'GroupPolicyChanged':
    case 'InquiryAnswered':
    case 'RepeatComplaintLinked':
    case 'CollectiveComplaintRaised':
    case 'ComplaintJoinedCollective':
    case 'PersonalDataErased':
    case 'MonthlyAnalysisPackProduced':
    case 'CaseMarkedAsExample':
      return state;
    default:
      return exhaustive(event);
  }
};

// ---------------------------------------------------------------------------------------------
// What each state allows (also what GET /cases/:id offers as next commands)
// ---------------------------------------------------------------------------------------------

const WORKING: readonly CaseStatus[] = ['accepted', 'verified', 'classified', 'resolution-proposed', 'reopened'];
const ALLOWED_IN: Record<HandlingCommandType, readonly CaseStatus[]> = {
  AcceptCase: ['routed'],
  VerifyCase: ['accepted'],
  ClassifyCase: ['verified', 'classified', 'resolution-proposed', 'reopened'],
  AddProgressNote: WORKING,
  RequestAssistance: WORKING,
  TransferCase: OPEN_STATUSES,
  RecordOutsideParty: ['classified', 'resolution-proposed', 'reopened'],
  MarkMediaRisk: OPEN_STATUSES,
  FileIncidentReport: WORKING,
  ProposeResolution: ['verified', 'classified', 'resolution-proposed', 'reopened'],
  ApproveWrittenReply: ['verified', 'classified', 'resolution-proposed', 'reopened'],
  // A case fixed on the spot may be resolved without the other steps; the rules below still hold.
  ResolveCase: OPEN_STATUSES,
  ReopenCase: ['resolved'],
};

type Refusal = { kind: 'wrong-state' } | { kind: 'rule'; rule: string; message: string } | { kind: 'duplicate'; message: string };

const needsIncidentReport = (state: CaseState): boolean =>
  (state.severity === 'major' || state.severity === 'critical') &&
  (state.incidentReportSeverity === null || severityRank(state.incidentReportSeverity) < severityRank(state.severity));

/** Why a handling command cannot be given in this state, judged without its data; null if it can. */
const refusalOf = (command: HandlingCommandType, state: CaseState): Refusal | null => {
  if (!ALLOWED_IN[command].includes(state.status)) return { kind: 'wrong-state' };
  switch (command) {
    case 'ClassifyCase':
      if (state.validity === null) return { kind: 'rule', rule: 'verify-before-classifying', message: 'verify the facts before classifying the case' };
      if (state.validity === 'invalid') {
        return { kind: 'rule', rule: 'invalid-case-is-not-classified', message: 'an invalid case is not classified: resolve it with an explanation to the customer' };
      }
      return null;
    case 'RecordOutsideParty':
      return state.responsibility === 'assist'
        ? null
        : { kind: 'rule', rule: 'outside-party-only-for-assist-cases', message: 'an outside party is recorded only for a case classified as assist' };
    case 'MarkMediaRisk':
      return state.mediaRisk ? { kind: 'duplicate', message: 'the media risk is already marked' } : null;
    case 'FileIncidentReport':
      if (state.severity !== 'major' && state.severity !== 'critical') {
        return { kind: 'rule', rule: 'incident-report-only-for-major-or-critical', message: `an incident report is for major or critical cases; this one is ${state.severity ?? 'not classified'}` };
      }
      return needsIncidentReport(state) ? null : { kind: 'duplicate', message: `the incident report for this ${state.severity} case is already filed` };
    case 'ApproveWrittenReply':
      if (!state.facts?.written) return { kind: 'rule', rule: 'written-reply-only-for-written-complaints', message: 'only a written complaint needs an approved written reply' };
      return state.writtenReplyApproved ? { kind: 'duplicate', message: 'the written reply is already approved' } : null;
    case 'ResolveCase':
      if (needsIncidentReport(state)) {
        return { kind: 'rule', rule: 'incident-report-required', message: `a ${state.severity} case needs its incident report before it is resolved` };
      }
      if (state.facts?.written && !state.writtenReplyApproved) {
        return { kind: 'rule', rule: 'written-reply-approval-required', message: 'a written complaint needs its written reply approved by a leader before it is resolved' };
      }
      return null;
    default:
      return null;
  }
};

/** The handling commands the case's state allows now (roles are checked separately). */
export const allowedCommands = (state: CaseState): HandlingCommandType[] => HANDLING_COMMANDS.filter((command) => refusalOf(command, state) === null);

const refuse = (command: CaseCommand['type'], state: CaseState, rule: string, message: string): never => {
  throw caseRuleBroken(command, state, rule, message);
};

const check = (command: HandlingCommandType, state: CaseState): void => {
  const refusal = refusalOf(command, state);
  if (refusal === null) return;
  switch (refusal.kind) {
    case 'wrong-state':
      throw caseInWrongState(command, state);
    case 'rule':
      refuse(command, state, refusal.rule, refusal.message);
      return;
    case 'duplicate':
      throw duplicateCaseCommand(command, refusal.message);
    default:
      exhaustive(refusal);
  }
};

// ---------------------------------------------------------------------------------------------
// Classification rules (DOMAIN §4)
// ---------------------------------------------------------------------------------------------

const levelOf = (criterion: ClassificationCriterion): keyof typeof CLASSIFICATION_CRITERIA =>
  (Object.keys(CLASSIFICATION_CRITERIA) as (keyof typeof CLASSIFICATION_CRITERIA)[]).find((level) =>
    (CLASSIFICATION_CRITERIA[level] as readonly string[]).includes(criterion),
  ) ?? 'general';

/** A responsible case's severity is the highest the named criteria reach. */
export const severityOfCriteria = (criteria: ClassificationCriterion[]): Severity =>
  criteria.map(levelOf).reduce<Severity>((worst, level) => {
    const severity: Severity = level === 'critical' ? 'critical' : level === 'major' ? 'major' : 'general';
    return severityRank(severity) > severityRank(worst) ? severity : worst;
  }, 'general');

const classify = (command: ClassifyCase, state: CaseState): CaseDecision[] => {
  const { responsibility, severity, criteria, note, overrideReason } = command.data;
  const levels = criteria.map(levelOf);
  const fits =
    responsibility === 'responsible'
      ? levels.every((level) => level === 'general' || level === 'major' || level === 'critical')
      : levels.every((level) => level === responsibility);
  if (criteria.length === 0 || !fits) {
    refuse(command.type, state, 'criteria-must-fit-responsibility', `the criteria ${criteria.join(', ') || '(none)'} do not describe a ${responsibility} case`);
  }
  if (responsibility === 'responsible') {
    if (!severity) refuse(command.type, state, 'responsible-case-needs-severity', 'a responsible case needs a severity: general, major or critical');
    else if (severity !== severityOfCriteria(criteria)) {
      refuse(command.type, state, 'severity-must-follow-criteria', `the criteria ${criteria.join(', ')} make the case ${severityOfCriteria(criteria)}, not ${severity}`);
    }
  } else if (severity) {
    refuse(command.type, state, 'severity-only-for-responsible-cases', `a ${responsibility} case has no severity`);
  }
  const lowersSystem =
    state.systemSeverity !== null && (responsibility !== 'responsible' || severityRank(severity ?? 'general') < severityRank(state.systemSeverity));
  if (lowersSystem && !overrideReason?.trim()) {
    refuse(
      command.type,
      state,
      'lowering-system-severity-needs-reason',
      `a system rule made this case ${state.systemSeverity}; classifying it lower needs overrideReason`,
    );
  }
  return [
    {
      type: 'CaseClassified',
      data: {
        responsibility,
        ...(responsibility === 'responsible' && severity ? { severity } : {}),
        criteria: [...new Set(criteria)],
        ...(note ? { note } : {}),
        ...(lowersSystem && state.systemSeverity ? { overriddenSystemSeverity: state.systemSeverity, overrideReason } : {}),
      },
    },
  ];
};

// ---------------------------------------------------------------------------------------------
// decide
// ---------------------------------------------------------------------------------------------

export const decide = (command: CaseCommand, state: CaseState): CaseDecision[] => {
  switch (command.type) {
    case 'RouteCase': {
      if (state.status !== 'unrouted') throw caseInWrongState(command.type, state);
      const { mallId, facts, policy, at } = command.data;
      if (facts.kind === 'inquiry') refuse(command.type, state, 'inquiries-are-closed-at-the-desk', 'an inquiry is answered and closed at the desk, not routed');
      const routing = routeFor(policy, mallId, facts);
      // Only the most severe rule is recorded: a second one could not raise the case further.
      const [severity] = systemSeveritiesOnOpening(policy, mallId, facts).reduce<SystemSeverity[]>(
        (kept, rule) => (kept.length === 0 || severityRank(rule.severity) > severityRank(kept[0].severity) ? [rule] : kept),
        [],
      );
      const assignment = responsibleFor(policy, mallId, routing.handlingDepartmentId, at, severity?.severity ?? null);
      return [
        {
          type: 'CaseOpened',
          data: {
            caseNumber: facts.caseNumber,
            kind: facts.kind,
            category: facts.category,
            ...(facts.channel ? { channel: facts.channel } : {}),
            complainantType: facts.complainantType,
            written: facts.written,
            receivedAt: facts.receivedAt,
            collectiveMemberIds: [...facts.collectiveMemberIds],
            ...(facts.distinctTenants !== undefined ? { distinctTenants: facts.distinctTenants } : {}),
          },
        },
        { type: 'CaseRouted', data: { ...routing, policyVersion: policy.version } },
        { type: 'CaseAssigned', data: { staffId: assignment.staffId, departmentId: routing.handlingDepartmentId, rule: assignment.rule, policyVersion: policy.version } },
        ...(severity ? [{ type: 'CaseSeveritySetBySystem' as const, data: { ...severity, policyVersion: policy.version } }] : []),
      ];
    }
    case 'RecordRepeat': {
      const { repeatCount, mallId, policy } = command.data;
      const threshold = repeatCountForMajor(policy, mallId);
      // Nothing to raise: not (yet) enough repeats, a closed or unknown case, or already major or worse.
      if (repeatCount < threshold || !OPEN_STATUSES.includes(state.status)) return [];
      if (state.severity !== null && severityRank(state.severity) >= severityRank('major')) return [];
      // Severity grades responsible complaints; a person already found the company not responsible.
      if (state.responsibility === 'non-responsible' || state.responsibility === 'assist') return [];
      return [
        {
          type: 'CaseSeveritySetBySystem',
          data: { severity: 'major', rule: 'repeat-count', reason: `raised ${repeatCount} times without resolution (policy: ${threshold})`, policyVersion: policy.version },
        },
      ];
    }
    case 'UpgradeUnresolvedCase': {
      const { toSeverity, reason, policyVersion } = command.data;
      // Resolved, reopened-and-resolved, reclassified or already raised meanwhile: nothing to do (and a redelivery changes nothing).
      if (!OPEN_STATUSES.includes(state.status) || state.responsibility !== 'responsible') return [];
      if (state.severity !== null && severityRank(state.severity) >= severityRank(toSeverity)) return [];
      return [{ type: 'CaseSeveritySetBySystem', data: { severity: toSeverity, rule: 'open-a-month', reason, policyVersion } }];
    }
    case 'AcceptCase':
      check(command.type, state);
      return [{ type: 'CaseAccepted', data: { departmentId: handlingOf(state) } }];
    case 'VerifyCase':
      check(command.type, state);
      return [{ type: 'CaseVerified', data: { ...command.data } }];
    case 'ClassifyCase':
      check(command.type, state);
      return classify(command, state);
    case 'AddProgressNote':
      check(command.type, state);
      return [{ type: 'CaseProgressNoted', data: { ...command.data } }];
    case 'RequestAssistance': {
      check(command.type, state);
      const { departmentId, reason, mallId, policy } = command.data;
      const handling = handlingOf(state);
      if (departmentId === handling) refuse(command.type, state, 'assistance-from-another-department', 'the handling department cannot ask itself for help');
      if (!mallDepartmentIds(policy, mallId).includes(departmentId)) {
        refuse(command.type, state, 'department-of-the-mall', `the mall ${mallId} has no department ${departmentId}`);
      }
      if (state.assistingDepartmentIds.includes(departmentId)) throw duplicateCaseCommand(command.type, `${departmentId} is already asked to help`);
      return [{ type: 'AssistanceRequested', data: { departmentId, requestedByDepartmentId: handling, reason } }];
    }
    case 'TransferCase': {
      check(command.type, state);
      const { toDepartmentId, reason, mallId, policy, at } = command.data;
      const from = handlingOf(state);
      if (toDepartmentId === from) refuse(command.type, state, 'transfer-to-another-department', `the case is already handled by ${from}`);
      if (!mallDepartmentIds(policy, mallId).includes(toDepartmentId)) {
        refuse(command.type, state, 'department-of-the-mall', `the mall ${mallId} has no department ${toDepartmentId}`);
      }
      const assignment = responsibleFor(policy, mallId, toDepartmentId, at, state.systemSeverity);
      return [
        { type: 'CaseTransferred', data: { fromDepartmentId: from, toDepartmentId, reason } },
        { type: 'CaseAssigned', data: { staffId: assignment.staffId, departmentId: toDepartmentId, rule: assignment.rule, policyVersion: policy.version } },
      ];
    }
    case 'RecordOutsideParty':
      check(command.type, state);
      if (state.outsideParties.includes(command.data.name)) throw duplicateCaseCommand(command.type, `${command.data.name} is already recorded`);
      return [{ type: 'OutsidePartyRecorded', data: { ...command.data } }];
    case 'MarkMediaRisk':
      check(command.type, state);
      return [{ type: 'MediaRiskMarked', data: { ...command.data } }];
    case 'FileIncidentReport':
      check(command.type, state);
      return [{ type: 'IncidentReportFiled', data: { severity: state.severity as Severity, ...command.data } }];
    case 'ProposeResolution':
      check(command.type, state);
      return [{ type: 'ResolutionProposed', data: { ...command.data } }];
    case 'ApproveWrittenReply':
      check(command.type, state);
      return [{ type: 'WrittenReplyApproved', data: { ...command.data } }];
    case 'ResolveCase':
      check(command.type, state);
      return [
        {
          type: 'CaseResolved',
          data: { ...command.data, owningDepartmentId: state.owningDepartmentId ?? handlingOf(state), handlingDepartmentId: handlingOf(state) },
        },
      ];
    case 'ReopenCase':
      check(command.type, state);
      return [{ type: 'CaseReopened', data: { ...command.data } }];
    default:
      return exhaustive(command);
  }
};

const handlingOf = (state: CaseState): string => {
  if (!state.handlingDepartmentId) throw new Error('a routed case always has a handling department');
  return state.handlingDepartmentId;
};

const exhaustive = (value: never): never => {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
};

export const caseDecider = { initialState, evolve, decide };
