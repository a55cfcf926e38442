import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { CaseResolved } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import { CallbacksService } from './callbacks.service';

@Controller()
export class CaseEventsConsumer {
  constructor(private readonly callbacks: CallbacksService) {}

  @EventPattern('CaseResolved')
  async onCaseResolved(@Payload() event: CaseResolved, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.callbacks.scheduleFor(event, context.manager);
  }
}
