import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { CaseClosed, CaseReopenRequested } from '@mallcare/contracts';
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

  /** Callback closed the case: routing's view of it follows (the decider folds the closure). */
  @EventPattern('CaseClosed')
  async onCaseClosed(@Payload() event: CaseClosed, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.cases.noteClosed(event, context.manager);
  }
}
