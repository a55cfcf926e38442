import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { ComplaintEvent } from '@mallcare/contracts';
import type { ComplaintEventContext } from '@mallcare/messaging';
import { NotificationsService } from '../notifications/notifications.service';
import { ClocksService } from './clocks.service';

/** The case events that start, meet or notify clocks (DOMAIN §6, §7), and those that say who holds the case. */
@Controller()
export class CaseEventsConsumer {
  constructor(
    private readonly clocks: ClocksService,
    private readonly notifications: NotificationsService,
  ) {}

  @EventPattern([
    'ComplaintRegistered',
    'CollectiveComplaintRaised',
    'CaseRouted',
    'CaseAssigned',
    'CaseAccepted',
    'CaseTransferred',
    'CaseSeveritySetBySystem',
    'CaseVerified',
    'CaseClassified',
    'IncidentReportFiled',
    'CaseProgressNoted',
    'ResolutionProposed',
    'MediaRiskMarked',
    'CaseResolved',
    'CaseReopened',
    'CallbackOutcomeRecorded',
    'CallbackUnreachable',
    'CaseClosed',
  ])
  async onCaseEvent(@Payload() event: ComplaintEvent, @Ctx() context: ComplaintEventContext): Promise<void> {
    if (event.type === 'ComplaintRegistered' || event.type === 'CollectiveComplaintRaised') {
      await this.notifications.rememberCaseNumber(event.metadata, event.data.caseNumber, context.manager);
    }
    await this.clocks.observe(event, context.manager);
  }
}
