import { IsIn } from 'class-validator';
import { SEVERITIES, type Severity } from '../case-vocabulary';
import type { DomainEvent } from '../event-envelope';
import { IsInstant, IsNonEmptyString } from './field-rules';

/**
 * sla-monitor: a responsible case has been open as long as the policy allows (one month, DOMAIN §4):
 * it is due an upgrade to `toSeverity`. Routing owns severity and applies it (CaseSeveritySetBySystem).
 */
export class CaseUpgradeDueV1 {
  @IsNonEmptyString()
  clockId!: string;

  @IsIn(SEVERITIES)
  toSeverity!: Severity;

  @IsInstant()
  openSince!: string;

  @IsInstant()
  dueAt!: string;

  @IsNonEmptyString(500)
  reason!: string;

  @IsNonEmptyString()
  policyVersion!: string;
}
export type CaseUpgradeDue = DomainEvent<'CaseUpgradeDue', CaseUpgradeDueV1>;
