import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { CaseResolved, CaseRouted, ComplaintRegistered } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';

/**
 * One row per case with what the counts need. Events of different services may arrive in any order
 * across sources, so each handler sets only its own columns and never overwrites another's.
 */
@Controller()
export class CaseFactsProjection {
  @EventPattern('ComplaintRegistered')
  async onRegistered(@Payload() event: ComplaintRegistered, @Ctx() context: ComplaintEventContext): Promise<void> {
    await context.manager.query(
      `INSERT INTO analytics.case_facts (complaint_id, mall_id, kind, category, channel, received_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (complaint_id) DO UPDATE SET kind = EXCLUDED.kind, category = EXCLUDED.category,
         channel = EXCLUDED.channel, received_at = EXCLUDED.received_at`,
      [event.metadata.complaintId, event.metadata.mallId, event.data.kind, event.data.category, event.data.channel, event.data.receivedAt],
    );
  }

  @EventPattern('CaseRouted')
  async onRouted(@Payload() event: CaseRouted, @Ctx() context: ComplaintEventContext): Promise<void> {
    await context.manager.query(
      `INSERT INTO analytics.case_facts (complaint_id, mall_id, owning_department_id, handling_department_id)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (complaint_id) DO UPDATE SET owning_department_id = EXCLUDED.owning_department_id,
         handling_department_id = EXCLUDED.handling_department_id`,
      [event.metadata.complaintId, event.metadata.mallId, event.data.owningDepartmentId, event.data.handlingDepartmentId],
    );
  }

  @EventPattern('CaseResolved')
  async onResolved(@Payload() event: CaseResolved, @Ctx() context: ComplaintEventContext): Promise<void> {
    await context.manager.query(
      `INSERT INTO analytics.case_facts (complaint_id, mall_id, owning_department_id, handling_department_id, resolved_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (complaint_id) DO UPDATE SET resolved_at = EXCLUDED.resolved_at`,
      [event.metadata.complaintId, event.metadata.mallId, event.data.owningDepartmentId, event.data.handlingDepartmentId, event.metadata.occurredAt],
    );
  }
}
