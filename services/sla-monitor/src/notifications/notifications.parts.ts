import type { Provider, Type } from '@nestjs/common';
import { PolicyStore } from '@mallcare/platform';
import { DELIVERY_CHANNELS, type DeliveryChannel } from '../delivery/delivery-channel';
import { DeliveryMetrics } from '../delivery/delivery.metrics';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { DeliveryService } from '../delivery/delivery.service';
import { DeliveryLoop } from '../delivery/delivery.worker';
import { EmailChannel } from '../delivery/email.channel';
import { InboxChannel } from '../delivery/inbox.channel';
import { DingTalkRobotChannel, WeComRobotChannel } from '../delivery/robot.channels';
import { SMS_PROVIDER, SmsChannel, smsProviderOf } from '../delivery/sms.channel';
import { CaseNotificationEventsConsumer } from './case-notification-events.consumer';
import { NotificationPort } from './notification.port';
import { NotificationPolicySource } from './notification-policy.source';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification.settings';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { NotificationsRepository } from './notifications.repository';
import { OutboxNotificationAdapter } from './outbox-notification.adapter';
import { NotificationOutboxRepository } from './notification-outbox.repository';
import { StaffContactsRepository } from './staff-contacts.repository';

const CHANNELS = [InboxChannel, EmailChannel, SmsChannel, WeComRobotChannel, DingTalkRobotChannel];

/** Everything notifications add to sla-monitor: the outbox behind NotificationPort, the channels, the delivery loop, the inbox API. */
export const notificationParts = (settings: NotificationSettings): { controllers: Type[]; providers: Provider[] } => ({
  controllers: [NotificationsController, CaseNotificationEventsConsumer],
  providers: [
    { provide: NOTIFICATION_SETTINGS, useValue: settings },
    OutboxNotificationAdapter,
    NotificationOutboxRepository,
    { provide: NotificationPort, useExisting: OutboxNotificationAdapter },
    NotificationsRepository,
    NotificationsService,
    StaffContactsRepository,
    { provide: SMS_PROVIDER, useValue: smsProviderOf(settings) },
    ...CHANNELS,
    { provide: DELIVERY_CHANNELS, useFactory: (...channels: DeliveryChannel[]) => channels, inject: CHANNELS },
    { provide: NotificationPolicySource, useExisting: PolicyStore },
    DeliveryRepository,
    DeliveryMetrics,
    DeliveryService,
    DeliveryLoop,
  ],
});
