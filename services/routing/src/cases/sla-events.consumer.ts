import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { CaseUpgradeDue } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import { CasesService } from './cases.service';

/** sla-monitor's one-month upgrade: routing owns severity, so it applies it (DOMAIN §4). */
@Controller()
export class SlaEventsConsumer {
  constructor(private readonly cases: CasesService) {}

  @EventPattern('CaseUpgradeDue')
  async onCaseUpgradeDue(@Payload() event: CaseUpgradeDue, @Ctx() context: ComplaintEventContext): Promise<void> {
    await this.cases.upgradeUnresolved(event, context.manager);
  }
}
