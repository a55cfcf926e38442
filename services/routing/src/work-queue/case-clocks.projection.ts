import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { evolveQueueClocks, nearestDeadlineOf, type QueueClock, type SlaClockEvent } from './case-clocks';

/**
 * Keeps each case's clocks as sla-monitor holds them (routing.case_clocks), in the consumer's inbox
 * transaction: a row per case, created by the first clock event (which may come before routing opened the case).
 */
@Injectable()
export class CaseClocksProjection {
  async apply(manager: EntityManager, event: SlaClockEvent): Promise<void> {
    const { complaintId, mallId } = event.metadata;
    await manager.query(
      `INSERT INTO routing.case_clocks (complaint_id, mall_id, clocks, next_due_at, updated_at) VALUES ($1, $2, '[]', NULL, now())
       ON CONFLICT (complaint_id) DO NOTHING`,
      [complaintId, mallId],
    );
    const rows: { clocks: QueueClock[] }[] = await manager.query(`SELECT clocks FROM routing.case_clocks WHERE complaint_id = $1 FOR UPDATE`, [complaintId]);
    const clocks = evolveQueueClocks(rows[0]?.clocks ?? [], event);
    await manager.query(`UPDATE routing.case_clocks SET clocks = $2, next_due_at = $3, updated_at = now() WHERE complaint_id = $1`, [
      complaintId,
      JSON.stringify(clocks),
      nearestDeadlineOf(clocks),
    ]);
  }
}
