import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { ComplaintEvent } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import { PolicyStore } from '@mallcare/platform';
import { FOLDED_EVENT_TYPES } from '../figures/case-path.fold';
import { applyToCasePath } from './case-path.writer';

/**
 * analytics.case_paths: one row per case with its fold state and record, from intake's, routing's,
 * sla-monitor's and callback's events. Subscribing to these types is what makes analytics follow
 * those four logs (ComplaintEventsServer derives the sources from the handled types).
 */
@Controller()
export class CasePathsProjection {
  constructor(private readonly policies: PolicyStore) {}

  @EventPattern([...FOLDED_EVENT_TYPES])
  async onCaseEvent(@Payload() event: ComplaintEvent, @Ctx() context: ComplaintEventContext): Promise<void> {
    await applyToCasePath(context.manager, event, this.policies.current());
  }
}
