import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EscalationRung, NotificationKind } from '@mallcare/policy';
import { DataSource } from 'typeorm';
import type { RenderedMessage } from '../notifications/notification-message';
import type { NotificationAbout } from '../notifications/notification-plan';
import type { DeliveryTarget } from './delivery-channel';

export interface ClaimedRow {
  id: string;
  delivery_key: string;
  complaint_id: string;
  mall_id: string;
  staff_id: string | null;
  robot_id: string | null;
  channel: string;
  kind: NotificationKind;
  rung: EscalationRung;
  payload: NotificationAbout;
  attempts: number;
  decided_at: Date;
  case_number: string | null;
}

/** A try's outcome as recorded: the row's next status and the attempt beside it. */
export interface DeliveryTry {
  status: 'sent' | 'failed' | 'pending';
  error: string | null;
  backoffSeconds: number;
  workerId: string;
  startedAt: Date;
  outcome: 'failed' | 'accepted';
  providerReference: string | null;
}

/** What the delivery worker claims and records (notification_deliveries, notification_attempts) and the console's inbox. */
@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Due rows, taken by one claim under a lease written in this short transaction; another worker's rows are skipped. */
  async claim(workerId: string, claimId: string, limit: number, leaseSeconds: number): Promise<ClaimedRow[]> {
    const [rows]: [ClaimedRow[], number] = await this.dataSource.query(
      `UPDATE sla_monitor.notification_deliveries d
         SET claimed_by = $1, claim_id = $2, lease_until = now() + make_interval(secs => $4), attempts = d.attempts + 1
       FROM (SELECT id FROM sla_monitor.notification_deliveries
             WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
             ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) due
       WHERE d.id = due.id
       RETURNING d.id, d.delivery_key, d.complaint_id, d.mall_id, d.staff_id, d.robot_id, d.channel, d.kind, d.rung, d.payload, d.attempts, d.decided_at,
         (SELECT case_number FROM sla_monitor.notification_cases c WHERE c.complaint_id = d.complaint_id) AS case_number`,
      [workerId, claimId, limit, leaseSeconds],
    );
    return rows;
  }

  /** Records the try only if `claimId` still holds the row; false when it was taken over after its lease ended. */
  record(row: Pick<ClaimedRow, 'id' | 'attempts'>, claimId: string, tried: DeliveryTry): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const updated: [unknown[], number] = await manager.query(
        `UPDATE sla_monitor.notification_deliveries
           SET status = $3, last_error = $4, claimed_by = NULL, claim_id = NULL, lease_until = NULL,
               next_attempt_at = CASE WHEN $3 = 'pending' THEN now() + make_interval(secs => $5) ELSE next_attempt_at END,
               sent_at = CASE WHEN $3 = 'sent' THEN now() END, failed_at = CASE WHEN $3 = 'failed' THEN now() END
         WHERE id = $1 AND claim_id = $2`,
        [row.id, claimId, tried.status, tried.error, tried.backoffSeconds],
      );
      if (updated[1] === 0) return false;
      await manager.query(
        `INSERT INTO sla_monitor.notification_attempts (delivery_id, attempt, worker, started_at, finished_at, outcome, error, provider_reference)
         VALUES ($1, $2, $3, $4, now(), $5, $6, $7)`,
        [row.id, row.attempts, tried.workerId, tried.startedAt, tried.outcome, tried.error, tried.providerReference],
      );
      return true;
    });
  }

  /** One inbox row per delivery (unique), so a retried send cannot put it there twice; its id either way. */
  async addToInbox(target: DeliveryTarget & { staffId: string }, message: RenderedMessage): Promise<string> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO sla_monitor.notification_inbox (delivery_id, staff_id, complaint_id, case_number, kind, rung, title, body, link, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (delivery_id) DO UPDATE SET delivery_id = EXCLUDED.delivery_id RETURNING id`,
      [target.deliveryId, target.staffId, target.complaintId, target.caseNumber, target.kind, target.rung, message.subject, message.text, message.link, target.dueAt],
    );
    return rows[0].id;
  }

  /** The pending gauge, read at each scrape. */
  pendingByChannelAndRung(): Promise<{ channel: string; rung: string; pending: string }[]> {
    return this.dataSource.query(`SELECT channel, rung, count(*) AS pending FROM sla_monitor.notification_deliveries WHERE status = 'pending' GROUP BY 1, 2`);
  }
}
