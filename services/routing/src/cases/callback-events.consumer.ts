import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { CaseReopenRequested } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import { CasesService } from './cases.service';

/** The callback found the customer not satisfied (or the matter not solved): the case goes back to its handling department. */
@Controller()
export class CallbackEventsConsumer {
  constructor(private readonly cases: CasesService) {}

  @EventPattern('CaseReopenRequested')
  async onCaseReopenRequested(@Payload() event: CaseReopenRequested, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.cases.reopenOnCallback(event, context.manager);
  }
}
