import { severityRank, type Severity } from '@mallcare/contracts';
import { mallDepartmentIds, repeatCountForMajor, responsibleFor, routeFor, systemSeveritiesOnOpening, type SystemSeverity } from './case-policy';
import { type CaseCommand } from './case.commands';
import { CASE_STREAM_EVENTS, OPEN_STATUSES, type CaseState, type CaseDecision, initialState, evolve, exhaustive } from './case.state';
import { caseInWrongState, duplicateCaseCommand, refuse, check, classify, handlingOf } from './case.rules';

export * from './case.commands';
export * from './case.state';
export * from './case.rules';

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

export const caseDecider = { initialState, streamEvents: CASE_STREAM_EVENTS, evolve, decide };
