import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EVENT_CATALOGUE, EVENT_TYPES, type ComplaintEvent, type ComplaintEventType } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import type { EntityManager } from 'typeorm';
import { copiedStatusOf, STATUS_EVENT_TYPES } from './case-status-copy';
import { TimelineRepository } from './timeline.repository';

/**
 * Every other service's events about a case: kept for its timeline (who did what, when), and the few
 * that change what intake must know — which departments own and handle the case (who may read the
 * complainant's contact) and whether it is still open (repeat and collective matching).
 * GroupPolicyChanged is the platform's own consumer's.
 */
export const FOREIGN_CASE_EVENTS: ComplaintEventType[] = EVENT_TYPES.filter(
  // analytics' own events (monthly packs) are no step of a case: intake does not follow its log.
  (type) => EVENT_CATALOGUE[type].producer !== 'intake' && EVENT_CATALOGUE[type].producer !== 'analytics' && (type as string) !== 'GroupPolicyChanged',
);

@Controller()
export class CaseEventsConsumer {
  constructor(private readonly timelines: TimelineRepository) {}

  @EventPattern(FOREIGN_CASE_EVENTS)
  async record(@Payload() event: ComplaintEvent, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.timelines.record(context.manager, event);
    await this.updateCase(context.manager, event);
  }

  private async updateCase(manager: EntityManager, event: ComplaintEvent): Promise<void> {
    const id = event.metadata.complaintId;
    switch (event.type) {
      case 'CaseRouted':
        return this.timelines.setDepartments(manager, id, { owning: event.data.owningDepartmentId, handling: event.data.handlingDepartmentId });
      case 'CaseTransferred':
        return this.timelines.setDepartments(manager, id, { handling: event.data.toDepartmentId });
      case 'CaseResolved':
      case 'CaseReopened':
      case 'CaseClosed':
        // Refolded from the timeline (this event already in it) in the owners' record order: see copiedStatusOf.
        return this.timelines.setStatus(manager, id, copiedStatusOf(await this.timelines.statusEventsOf(manager, id, STATUS_EVENT_TYPES)));
      default:
        return;
    }
  }
}
