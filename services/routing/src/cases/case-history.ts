import type { Actor, ComplaintEvent } from '@mallcare/contracts';

export interface HistoryEntry {
  type: ComplaintEvent['type'];
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  summary: string;
}

/** One line per event of the case, for people reading GET /cases/:id (the full timeline is intake's). */
export const summarize = (event: ComplaintEvent): string => {
  switch (event.type) {
    case 'CaseOpened':
      return `opened ${event.data.caseNumber}: ${event.data.kind}, ${event.data.category}${event.data.written ? ', written' : ''}${
        event.data.collectiveMemberIds.length > 0 ? `, collective of ${event.data.collectiveMemberIds.length}` : ''
      }`;
    case 'CaseRouted':
      return `owned by ${event.data.owningDepartmentId}, handled by ${event.data.handlingDepartmentId} (rule ${event.data.routingRuleId}, policy ${event.data.policyVersion})`;
    case 'CaseAssigned':
      return `assigned to ${event.data.staffId} of ${event.data.departmentId} (${event.data.rule})`;
    case 'CaseSeveritySetBySystem':
      return `${event.data.severity} by rule ${event.data.rule}: ${event.data.reason}`;
    case 'CaseAccepted':
      return `accepted by ${event.data.departmentId}`;
    case 'CaseVerified':
      return `${event.data.validity}: ${event.data.reason}`;
    case 'CaseClassified':
      return `${event.data.responsibility}${event.data.severity ? ` ${event.data.severity}` : ''} (${event.data.criteria.join(', ')})${
        event.data.overriddenSystemSeverity ? `, below the system's ${event.data.overriddenSystemSeverity}: ${event.data.overrideReason ?? ''}` : ''
      }`;
    case 'CaseProgressNoted':
      return event.data.departmentId ? `${event.data.departmentId}: ${event.data.note}` : event.data.note;
    case 'AssistanceRequested':
      return `${event.data.requestedByDepartmentId} asked ${event.data.departmentId} to help: ${event.data.reason}`;
    case 'CaseTransferred':
      return `transferred from ${event.data.fromDepartmentId} to ${event.data.toDepartmentId}: ${event.data.reason}`;
    case 'OutsidePartyRecorded':
      return `passed to ${event.data.name} (${event.data.partyKind}): ${event.data.askedFor}`;
    case 'MediaRiskMarked':
      return `media risk: ${event.data.reason}`;
    case 'IncidentReportFiled':
      return `incident report (${event.data.severity}): ${event.data.summary}`;
    case 'ResolutionProposed':
      return `proposed: ${event.data.proposal}`;
    case 'WrittenReplyApproved':
      return `written reply approved by the ${event.data.approverRole}`;
    case 'CaseResolved':
      return `resolved: ${event.data.actionTaken}; customer told: ${event.data.customerToldWhat}`;
    case 'CaseReopened':
      return `reopened: ${event.data.reason}`;
    case 'CaseClosed':
      return `closed by callback (${event.data.closedBecause})`;
    default:
      return event.type;
  }
};

export const historyOf = (events: ComplaintEvent[]): HistoryEntry[] =>
  events.map((event) => ({
    type: event.type,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.metadata.recordedAt,
    actor: event.metadata.actor,
    summary: summarize(event),
  }));
