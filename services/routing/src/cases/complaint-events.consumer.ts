import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { CollectiveComplaintRaised, ComplaintJoinedCollective, ComplaintRegistered, RepeatComplaintLinked } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import { CasesService } from './cases.service';

/** Intake's events that open cases or change their severity; the handlers only call the cases service. */
@Controller()
export class ComplaintEventsConsumer {
  constructor(private readonly cases: CasesService) {}

  @EventPattern('ComplaintRegistered')
  async onComplaintRegistered(@Payload() event: ComplaintRegistered, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.cases.openRegistered(event, context.manager);
  }

  @EventPattern('CollectiveComplaintRaised')
  async onCollectiveComplaintRaised(@Payload() event: CollectiveComplaintRaised, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.cases.openCollective(event, context.manager);
  }

  @EventPattern('ComplaintJoinedCollective')
  async onComplaintJoinedCollective(@Payload() event: ComplaintJoinedCollective, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.cases.joinCollective(event, context.manager);
  }

  @EventPattern('RepeatComplaintLinked')
  async onRepeatComplaintLinked(@Payload() event: RepeatComplaintLinked, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.cases.recordRepeat(event, context.manager);
  }
}
