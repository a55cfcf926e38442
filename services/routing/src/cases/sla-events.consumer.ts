import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { CaseUpgradeDue } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import { CaseClocksProjection } from '../work-queue/case-clocks.projection';
import type { SlaClockEvent } from '../work-queue/case-clocks';
import { CasesService } from './cases.service';

/** sla-monitor's events: the clocks the work queue shows, and the one-month upgrade (routing owns severity, DOMAIN §4). */
@Controller()
export class SlaEventsConsumer {
  constructor(
    private readonly cases: CasesService,
    private readonly clocks: CaseClocksProjection,
  ) {}

  @EventPattern(['SlaClockStarted', 'SlaClockRecomputed', 'SlaClockPaused', 'SlaClockResumed', 'SlaClockMet', 'SlaClockBreached', 'SlaClockWarned'])
  async onClockEvent(@Payload() event: SlaClockEvent, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.clocks.apply(context.manager, event);
  }

  @EventPattern('CaseUpgradeDue')
  async onCaseUpgradeDue(@Payload() event: CaseUpgradeDue, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.cases.upgradeUnresolved(event, context.manager);
    await this.clocks.apply(context.manager, event);
  }
}
