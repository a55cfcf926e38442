import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NotificationChannel, NotificationKind } from '@mallcare/policy';
import { DataSource, type EntityManager } from 'typeorm';
import type { DeliveryListItem, InboxItem } from './notifications.service';

type InboxRow = Omit<InboxItem, 'createdAt' | 'readAt' | 'dueAt'> & { createdAt: Date; readAt: Date | null; dueAt: Date | null; total: string };

/** What notifications keep besides the outbox: each case's number and owner, the inbox, the opt-outs, and the deliveries as read. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rememberCaseNumber(manager: EntityManager, about: { complaintId: string; mallId: string }, caseNumber: string): Promise<void> {
    await manager.query(
      `INSERT INTO sla_monitor.notification_cases (complaint_id, mall_id, case_number, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (complaint_id) DO UPDATE SET case_number = EXCLUDED.case_number, updated_at = now()`,
      [about.complaintId, about.mallId, caseNumber],
    );
  }

  async noteOwningDepartment(manager: EntityManager, { complaintId, mallId }: { complaintId: string; mallId: string }, owningDepartmentId: string): Promise<void> {
    await manager.query(
      `INSERT INTO sla_monitor.notification_cases (complaint_id, mall_id, owning_department_id, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (complaint_id) DO UPDATE SET owning_department_id = EXCLUDED.owning_department_id, updated_at = now()`,
      [complaintId, mallId, owningDepartmentId],
    );
  }

  /** As the callback named it, else as the clocks' facts hold it. */
  async owningDepartmentOf(manager: EntityManager, complaintId: string): Promise<string | null> {
    const rows: { owning_department_id: string | null }[] = await manager.query(
      `SELECT owning_department_id FROM sla_monitor.notification_cases WHERE complaint_id = $1`,
      [complaintId],
    );
    const facts: { facts: { owningDepartmentId?: string | null } }[] = await manager.query(`SELECT facts FROM sla_monitor.clock_cases WHERE complaint_id = $1`, [complaintId]);
    return rows[0]?.owning_department_id ?? facts[0]?.facts.owningDepartmentId ?? null;
  }

  /** A page of the person's inbox, newest first (each row with the total), and how many are unread. */
  async inbox(staffId: string, limit: number, offset: number, unreadOnly: boolean): Promise<{ rows: InboxRow[]; unread: number }> {
    const rows: InboxRow[] = await this.dataSource.query(
      `SELECT id::text, complaint_id AS "complaintId", case_number AS "caseNumber", kind, rung, title, body, link, due_at AS "dueAt",
              created_at AS "createdAt", read_at AS "readAt", count(*) OVER () AS total
       FROM sla_monitor.notification_inbox WHERE staff_id = $1 AND (NOT $4 OR read_at IS NULL)
       ORDER BY id DESC LIMIT $2 OFFSET $3`,
      [staffId, limit, offset, unreadOnly],
    );
    const unread: { unread: string }[] = await this.dataSource.query(
      `SELECT count(*) AS unread FROM sla_monitor.notification_inbox WHERE staff_id = $1 AND read_at IS NULL`,
      [staffId],
    );
    return { rows, unread: Number(unread[0].unread) };
  }

  /** Marks the person's own message read (kept as first read); no row when it is not theirs. */
  markRead(id: string, staffId: string): Promise<{ read_at: Date }[]> {
    return this.dataSource.query(
      `WITH marked AS (
         UPDATE sla_monitor.notification_inbox SET read_at = coalesce(read_at, now()) WHERE id = $1 AND staff_id = $2 RETURNING read_at)
       SELECT read_at FROM marked`,
      [id, staffId],
    );
  }

  optOutsOf(staffId: string): Promise<{ kind: string; channel: string }[]> {
    return this.dataSource.query(
      `SELECT kind, channel FROM sla_monitor.notification_opt_outs WHERE staff_id = $1 ORDER BY kind, channel`,
      [staffId],
    );
  }

  async replaceOptOuts(staffId: string, optOuts: readonly { kind: NotificationKind; channel: NotificationChannel }[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM sla_monitor.notification_opt_outs WHERE staff_id = $1`, [staffId]);
      for (const optOut of optOuts) {
        await manager.query(`INSERT INTO sla_monitor.notification_opt_outs (staff_id, kind, channel) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
          staffId,
          optOut.kind,
          optOut.channel,
        ]);
      }
    });
  }

  /** Deliveries newest first, each row with the total. */
  deliveries(query: { status: string | null; channel: string | null; limit: number; offset: number }): Promise<(DeliveryListItem & { total: string })[]> {
    return this.dataSource.query(
      `SELECT id::text, complaint_id AS "complaintId", mall_id AS "mallId", channel, kind, rung, staff_id AS "staffId", robot_id AS "robotId", status, attempts,
              last_error AS "lastError", decided_at AS "decidedAt", sent_at AS "sentAt", failed_at AS "failedAt", count(*) OVER () AS total
       FROM sla_monitor.notification_deliveries
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR channel = $2)
       ORDER BY id DESC LIMIT $3 OFFSET $4`,
      [query.status, query.channel, query.limit, query.offset],
    );
  }

  async deliveryExists(id: string): Promise<boolean> {
    const known: unknown[] = await this.dataSource.query(`SELECT 1 FROM sla_monitor.notification_deliveries WHERE id = $1`, [id]);
    return known.length > 0;
  }

  attemptsOf(
    id: string,
  ): Promise<{ attempt: number; worker: string; startedAt: Date; finishedAt: Date; outcome: string; error: string | null; providerReference: string | null }[]> {
    return this.dataSource.query(
      `SELECT attempt, worker, started_at AS "startedAt", finished_at AS "finishedAt", outcome, error, provider_reference AS "providerReference"
         FROM sla_monitor.notification_attempts WHERE delivery_id = $1 ORDER BY attempt, id`,
      [id],
    );
  }
}
