import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseState } from '../cases/case.decider';

/** What the queue shows beyond the case's state: taken from other services' events, or computed once. */
export interface QueueExtras {
  description?: string;
  repeatCount?: number;
  /** When the case was resolved, if the events just appended resolved it. */
  resolvedAt?: string;
}

export interface QueueRowSource {
  complaintId: string;
  mallId: string;
  state: CaseState;
  version: number;
  at: string;
}

/**
 * Writes a case's queue row from its folded state, in the transaction that appended the events
 * (a command's, or a consumer's inbox transaction), so the queue never disagrees with the log.
 */
@Injectable()
export class CaseQueueWriter {
  async write(manager: EntityManager, { complaintId, mallId, state, version, at }: QueueRowSource, extras: QueueExtras = {}): Promise<void> {
    const facts = state.facts;
    await manager.query(
      `INSERT INTO routing.case_queue AS q
         (complaint_id, mall_id, case_number, kind, category, channel, complainant_type, written, collective, description,
          status, severity, validity, responsibility, owning_department_id, handling_department_id, assignee_staff_id,
          assisting_department_ids, media_risk, repeat_count, received_at, resolved_at, policy_version, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
       ON CONFLICT (complaint_id) DO UPDATE SET
         case_number = coalesce(EXCLUDED.case_number, q.case_number),
         kind = coalesce(EXCLUDED.kind, q.kind),
         category = coalesce(EXCLUDED.category, q.category),
         channel = coalesce(EXCLUDED.channel, q.channel),
         complainant_type = coalesce(EXCLUDED.complainant_type, q.complainant_type),
         written = EXCLUDED.written,
         collective = EXCLUDED.collective,
         description = coalesce(EXCLUDED.description, q.description),
         status = EXCLUDED.status,
         severity = EXCLUDED.severity,
         validity = EXCLUDED.validity,
         responsibility = EXCLUDED.responsibility,
         owning_department_id = EXCLUDED.owning_department_id,
         handling_department_id = EXCLUDED.handling_department_id,
         assignee_staff_id = EXCLUDED.assignee_staff_id,
         assisting_department_ids = EXCLUDED.assisting_department_ids,
         media_risk = EXCLUDED.media_risk,
         repeat_count = greatest(EXCLUDED.repeat_count, q.repeat_count),
         received_at = coalesce(EXCLUDED.received_at, q.received_at),
         resolved_at = CASE WHEN EXCLUDED.status = 'resolved' THEN coalesce(EXCLUDED.resolved_at, q.resolved_at) END,
         policy_version = EXCLUDED.policy_version,
         version = EXCLUDED.version,
         updated_at = EXCLUDED.updated_at`,
      [
        complaintId,
        mallId,
        facts?.caseNumber ?? null,
        facts?.kind ?? null,
        facts?.category ?? null,
        facts?.channel ?? null,
        facts?.complainantType ?? null,
        facts?.written ?? false,
        (facts?.collectiveMemberIds.length ?? 0) > 0,
        extras.description ?? null,
        state.status,
        state.severity,
        state.validity,
        state.responsibility,
        state.owningDepartmentId,
        state.handlingDepartmentId,
        state.assigneeStaffId,
        state.assistingDepartmentIds,
        state.mediaRisk,
        extras.repeatCount ?? 0,
        facts?.receivedAt ?? null,
        extras.resolvedAt ?? null,
        state.policyVersion,
        version,
        at,
      ],
    );
  }

  /** A repeat is shown in the queue even when it does not (yet) change the case. */
  async noteRepeat(manager: EntityManager, complaintId: string, repeatCount: number): Promise<void> {
    await manager.query(`UPDATE routing.case_queue SET repeat_count = greatest(repeat_count, $2) WHERE complaint_id = $1`, [complaintId, repeatCount]);
  }

  /** A member registration of a collective case points to it, so its handlers see the bigger matter. */
  async noteCollectiveMember(manager: EntityManager, complaintId: string, collectiveComplaintId: string): Promise<void> {
    await manager.query(`UPDATE routing.case_queue SET member_of_collective_id = $2 WHERE complaint_id = $1`, [complaintId, collectiveComplaintId]);
  }
}
