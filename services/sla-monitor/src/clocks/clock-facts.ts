import type { Category, ComplainantType, ComplaintEvent, ComplaintEventType, ComplaintKind, Responsibility, Severity, Validity } from '@mallcare/contracts';
import { severityRank } from '@mallcare/contracts';

/**
 * What the clocks of one case read from the other services' events (kept beside the clocks in
 * sla-monitor's schema): which clocks apply, who holds the case, who is up the ladder.
 */
export interface SlaCaseFacts {
  mallId: string;
  receivedAt: string | null;
  kind: ComplaintKind | null;
  category: Category | null;
  complainantType: ComplainantType | null;
  requestedDeadline: string | null;
  responsibility: Responsibility | null;
  severity: Severity | null;
  collective: boolean;
  owningDepartmentId: string | null;
  handlingDepartmentId: string | null;
  handlerStaffId: string | null;
  resolved: boolean;
  mediaRisk: boolean;
  /** Facts noted after the first release; rows written before read as absent (unknown / false). */
  validity?: Validity | null;
  /** As the desk stated it at registration (ComplaintRegistered v3); absent when not stated. */
  businessAffected?: boolean;
  /** An earlier callback found the customer not satisfied: the next callback is due sooner (DOMAIN §6, 000 §4.8). */
  grumbling?: boolean;
  /** A collective case: when it was raised (its CollectiveComplaintRaised); its own clocks count from then, not from its first member's receipt. */
  raisedAt?: string | null;
  /** When each event type was first seen: a clock whose awaited event came first is met as it starts. */
  seen: Partial<Record<ComplaintEventType, string>>;
}

export const emptyFacts = (mallId: string): SlaCaseFacts => ({
  mallId,
  receivedAt: null,
  kind: null,
  category: null,
  complainantType: null,
  requestedDeadline: null,
  responsibility: null,
  severity: null,
  collective: false,
  owningDepartmentId: null,
  handlingDepartmentId: null,
  handlerStaffId: null,
  resolved: false,
  mediaRisk: false,
  validity: null,
  businessAffected: false,
  grumbling: false,
  seen: {},
});

const higher = (current: Severity | null, next: Severity): Severity => (current !== null && severityRank(current) > severityRank(next) ? current : next);

/** The facts after one more event of the case. */
export const noteFacts = (facts: SlaCaseFacts, event: ComplaintEvent): SlaCaseFacts => {
  const at = event.metadata.occurredAt;
  const next: SlaCaseFacts = { ...facts, seen: { ...facts.seen, [event.type]: facts.seen[event.type] ?? at } };
  switch (event.type) {
    case 'ComplaintRegistered':
      return {
        ...next,
        receivedAt: event.data.receivedAt,
        kind: event.data.kind,
        category: event.data.category,
        complainantType: event.data.complainantType,
        requestedDeadline: event.data.requestedDeadline ?? null,
        businessAffected: event.data.businessAffected === true,
      };
    case 'CollectiveComplaintRaised':
      return {
        ...next,
        receivedAt: event.data.receivedAt,
        raisedAt: at,
        kind: 'complaint',
        category: event.data.category,
        complainantType: event.data.complainantType,
        collective: true,
      };
    case 'CaseRouted':
      return { ...next, owningDepartmentId: event.data.owningDepartmentId, handlingDepartmentId: event.data.handlingDepartmentId };
    case 'CaseAssigned':
      return { ...next, handlerStaffId: event.data.staffId, handlingDepartmentId: event.data.departmentId };
    case 'CaseTransferred':
      return { ...next, handlingDepartmentId: event.data.toDepartmentId };
    case 'CaseSeveritySetBySystem':
      return { ...next, severity: higher(facts.severity, event.data.severity) };
    case 'CaseVerified':
      return { ...next, validity: event.data.validity };
    case 'CallbackOutcomeRecorded':
      return { ...next, grumbling: facts.grumbling === true || !event.data.satisfied };
    case 'CaseClassified':
      return { ...next, responsibility: event.data.responsibility, severity: event.data.severity ?? facts.severity };
    case 'MediaRiskMarked':
      return { ...next, mediaRisk: true };
    case 'CaseResolved':
      return { ...next, resolved: true };
    case 'CaseReopened':
      return { ...next, resolved: false };
    default:
      return next;
  }
};
