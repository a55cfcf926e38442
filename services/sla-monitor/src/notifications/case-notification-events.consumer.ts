import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { CallbackScheduled, CaseOpened, CaseReopenRequested } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import { NotificationsService } from './notifications.service';

/** The events notifications follow besides the clocks': the case number (routing), and the callback's due date and dissatisfied outcomes. */
@Controller()
export class CaseNotificationEventsConsumer {
  constructor(private readonly notifications: NotificationsService) {}

  @EventPattern('CaseOpened')
  async onCaseOpened(@Payload() event: CaseOpened, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.notifications.onCaseOpened(event, context.manager);
  }

  @EventPattern('CallbackScheduled')
  async onCallbackScheduled(@Payload() event: CallbackScheduled, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.notifications.onCallbackScheduled(event, context.manager);
  }

  @EventPattern('CaseReopenRequested')
  async onReopenRequested(@Payload() event: CaseReopenRequested, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.notifications.onReopenRequested(event, context.manager);
  }
}
