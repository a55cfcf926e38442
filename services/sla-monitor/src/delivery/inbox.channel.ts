import { Injectable } from '@nestjs/common';
import type { RenderedMessage } from '../notifications/notification-message';
import { DeliveryChannel, DeliveryFailure, type Accepted, type DeliveryTarget } from './delivery-channel';
import { DeliveryRepository } from './delivery.repository';

/** The console's inbox: one row per delivery (unique), so a retried send cannot put it there twice. */
@Injectable()
export class InboxChannel extends DeliveryChannel {
  readonly channel = 'inbox' as const;

  constructor(private readonly deliveries: DeliveryRepository) {
    super();
  }

  async send(target: DeliveryTarget, message: RenderedMessage): Promise<Accepted> {
    if (!target.staffId) throw new DeliveryFailure('the inbox needs a staff member', true);
    const id = await this.deliveries.addToInbox({ ...target, staffId: target.staffId }, message);
    return { reference: `inbox:${id}` };
  }
}
