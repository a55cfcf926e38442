import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RenderedMessage } from '../notifications/notification-message';
import { DeliveryChannel, DeliveryFailure, type Accepted, type DeliveryTarget } from './delivery-channel';

/** The console's inbox: one row per delivery (unique), so a retried send cannot put it there twice. */
@Injectable()
export class InboxChannel extends DeliveryChannel {
  readonly channel = 'inbox' as const;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async send(target: DeliveryTarget, message: RenderedMessage): Promise<Accepted> {
    if (!target.staffId) throw new DeliveryFailure('the inbox needs a staff member', true);
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO sla_monitor.notification_inbox (delivery_id, staff_id, complaint_id, case_number, kind, rung, title, body, link, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (delivery_id) DO UPDATE SET delivery_id = EXCLUDED.delivery_id RETURNING id`,
      [target.deliveryId, target.staffId, target.complaintId, target.caseNumber, target.kind, target.rung, message.subject, message.text, message.link, target.dueAt],
    );
    return { reference: `inbox:${rows[0].id}` };
  }
}
