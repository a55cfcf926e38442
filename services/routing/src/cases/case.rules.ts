import { CLASSIFICATION_CRITERIA, CommandRefused, severityRank, type ClassificationCriterion, type Severity } from '@mallcare/contracts';
import { type ClassifyCase, type CaseCommand, type HandlingCommandType, HANDLING_COMMANDS } from './case.commands';
import { type CaseStatus, OPEN_STATUSES, type CaseState, type CaseDecision, exhaustive } from './case.state';

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

export const refuse = (command: CaseCommand['type'], state: CaseState, rule: string, message: string): never => {
  throw caseRuleBroken(command, state, rule, message);
};

export const check = (command: HandlingCommandType, state: CaseState): void => {
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

export const classify = (command: ClassifyCase, state: CaseState): CaseDecision[] => {
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

export const handlingOf = (state: CaseState): string => {
  if (!state.handlingDepartmentId) throw new Error('a routed case always has a handling department');
  return state.handlingDepartmentId;
};
