import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { ComplaintEvent } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import { ClocksService } from './clocks.service';

@Controller()
export class CaseEventsConsumer {
  constructor(private readonly clocks: ClocksService) {}

  @EventPattern(['ComplaintRegistered', 'CaseRouted', 'CaseResolved'])
  async onCaseEvent(@Payload() event: ComplaintEvent, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.clocks.observe(event, context.manager);
  }
}
