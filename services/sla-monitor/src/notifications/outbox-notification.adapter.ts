import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationPort, type SlaNotification } from './notification.port';

/** Notifications as rows of sla_monitor.notification_outbox: a unique key keeps each one to a single row, whatever retries happen. */
@Injectable()
export class OutboxNotificationAdapter extends NotificationPort {
  private readonly logger = new Logger('SlaNotifications');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async notify(manager: EntityManager, notifications: readonly SlaNotification[]): Promise<void> {
    for (const notification of notifications) {
      await manager.query(
        `INSERT INTO sla_monitor.notification_outbox (notification_key, complaint_id, staff_id, rung, subject, body)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (notification_key) DO NOTHING`,
        [notification.key, notification.complaintId, notification.staffId, notification.rung, notification.subject, JSON.stringify(notification.body)],
      );
    }
  }

  /** The log channel: marks a batch sent and writes it to the log; a real channel would deliver it here. */
  async deliverPending(limit = 100): Promise<number> {
    const rows: { id: string; staff_id: string | null; rung: string; subject: string }[] = await this.dataSource.query(
      `WITH sent AS (
         UPDATE sla_monitor.notification_outbox SET sent_at = now()
         WHERE id IN (SELECT id FROM sla_monitor.notification_outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, staff_id, rung, subject)
       SELECT * FROM sent`,
      [limit],
    );
    for (const row of rows) this.logger.log(`to ${row.staff_id ?? `(nobody holds ${row.rung})`} [${row.rung}]: ${row.subject}`);
    return rows.length;
  }
}
