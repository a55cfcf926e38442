import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EVENT_CATALOGUE, type ComplaintEvent } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';

/** Other services' events about a complaint, kept so its timeline reads from one place. */
@Controller()
export class TimelineProjection {
  @EventPattern(['CaseRouted', 'CaseResolved', 'SlaClockStarted', 'SlaClockMet', 'CallbackScheduled'])
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
  }
}
