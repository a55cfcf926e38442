import type { ComplaintEventType } from '@mallcare/contracts';
import { SLA_CLOCK_EVENT_TYPES } from '../work-queue/case-clocks';

/**
 * Every other service's event routing's consumers apply to its work queue, each in the transaction
 * that records it in routing.inbox: the live feed announces these only once that row is there.
 * (Routing's own events are written with their queue row, so they are in it before they are published.)
 */
export const EVENTS_ROUTING_APPLIES: ReadonlySet<ComplaintEventType> = new Set<ComplaintEventType>([
  // intake's: cases opened, repeats and collective members noted
  'ComplaintRegistered',
  'CollectiveComplaintRaised',
  'ComplaintJoinedCollective',
  'RepeatComplaintLinked',
  // sla-monitor's: the queue's clocks, and the one-month upgrade
  ...SLA_CLOCK_EVENT_TYPES,
  // callback's: back to the department, or closed
  'CaseReopenRequested',
  'CaseClosed',
]);
