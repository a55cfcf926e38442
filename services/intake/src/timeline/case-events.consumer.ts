import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EVENT_CATALOGUE, EVENT_TYPES, type ComplaintEvent, type ComplaintEventType } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import type { EntityManager } from 'typeorm';
import { copiedStatusOf, STATUS_EVENT_TYPES, type StatusEventType } from './case-status-copy';

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

const updateCase = async (manager: EntityManager, event: ComplaintEvent): Promise<void> => {
  const id = event.metadata.complaintId;
  switch (event.type) {
    case 'CaseRouted':
      await manager.query(`UPDATE intake.registrations SET owning_department_id = $2, handling_department_id = $3 WHERE complaint_id = $1`, [
        id,
        event.data.owningDepartmentId,
        event.data.handlingDepartmentId,
      ]);
      return;
    case 'CaseTransferred':
      await manager.query(`UPDATE intake.registrations SET handling_department_id = $2 WHERE complaint_id = $1`, [id, event.data.toDepartmentId]);
      return;
    case 'CaseResolved':
    case 'CaseReopened':
    case 'CaseClosed': {
      // Refolded from the timeline (this event already in it) in the owners' record order: see copiedStatusOf.
      const rows: { event_type: StatusEventType }[] = await manager.query(
        `SELECT event_type FROM intake.timeline_entries WHERE complaint_id = $1 AND event_type = ANY($2::text[])
         ORDER BY recorded_at, occurred_at, event_id`,
        [id, STATUS_EVENT_TYPES],
      );
      await manager.query(`UPDATE intake.registrations SET status = $2 WHERE complaint_id = $1 AND status <> $2`, [
        id,
        copiedStatusOf(rows.map((row) => row.event_type)),
      ]);
      return;
    }
    default:
      return;
  }
};

@Controller()
export class CaseEventsConsumer {
  @EventPattern(FOREIGN_CASE_EVENTS)
  async record(@Payload() event: ComplaintEvent, @Ctx() context: ComplaintEventContext): Promise<void> {
    await context.manager.query(
      `INSERT INTO intake.timeline_entries
         (event_id, complaint_id, service, event_type, occurred_at, recorded_at, actor, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        event.metadata.eventId,
        event.metadata.complaintId,
        EVENT_CATALOGUE[event.type].producer,
        event.type,
        event.metadata.occurredAt,
        event.metadata.recordedAt,
        JSON.stringify(event.metadata.actor),
        JSON.stringify(event.data),
      ],
    );
    await updateCase(context.manager, event);
  }
}
