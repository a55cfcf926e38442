import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { CaseClassified, CaseOpened, CaseReopened, CaseResolved, CaseSeveritySetBySystem, WrittenReplyApproved } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import { CallbacksService } from './callbacks.service';

/** Routing's events: a resolution schedules the callback; the others are the facts its rules and HQ's samples need. */
@Controller()
export class CaseEventsConsumer {
  constructor(private readonly callbacks: CallbacksService) {}

  @EventPattern('CaseResolved')
  async onCaseResolved(@Payload() event: CaseResolved, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.callbacks.scheduleFor(event, context.manager);
  }

  @EventPattern('CaseOpened')
  async onCaseOpened(@Payload() event: CaseOpened, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.callbacks.noteCaseOpened(event, context.manager);
  }

  @EventPattern('CaseClassified')
  async onCaseClassified(@Payload() event: CaseClassified, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.callbacks.noteSeverity(event.metadata.complaintId, event.metadata.mallId, event.data.severity ?? null, false, context.manager);
  }

  @EventPattern('CaseSeveritySetBySystem')
  async onCaseSeveritySetBySystem(@Payload() event: CaseSeveritySetBySystem, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.callbacks.noteSeverity(event.metadata.complaintId, event.metadata.mallId, event.data.severity, true, context.manager);
  }

  @EventPattern('WrittenReplyApproved')
  async onWrittenReplyApproved(@Payload() event: WrittenReplyApproved, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.callbacks.noteWrittenReplyApproved(event, context.manager);
  }

  @EventPattern('CaseReopened')
  async onCaseReopened(@Payload() event: CaseReopened, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.callbacks.noteReopened(event, context.manager);
  }
}
