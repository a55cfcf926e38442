import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { ComplaintRegistered } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import { CasesService } from './cases.service';

@Controller()
export class ComplaintEventsConsumer {
  constructor(private readonly cases: CasesService) {}

  @EventPattern('ComplaintRegistered')
  async onComplaintRegistered(@Payload() event: ComplaintRegistered, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.cases.route(event, context.manager);
  }
}
