import { IsIn, IsISO8601, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { SEVERITIES, type Severity } from '../case-vocabulary';
import type { DomainEvent } from '../event-envelope';

/**
 * sla-monitor: a responsible case has been open as long as the policy allows (one month, DOMAIN §4):
 * it is due an upgrade to `toSeverity`. Routing owns severity and applies it (CaseSeveritySetBySystem).
 */
export class CaseUpgradeDueV1 {
  @IsString()
  @IsNotEmpty()
  clockId!: string;

  @IsIn(SEVERITIES)
  toSeverity!: Severity;

  @IsISO8601({ strict: true })
  openSince!: string;

  @IsISO8601({ strict: true })
  dueAt!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @IsString()
  @IsNotEmpty()
  policyVersion!: string;
}
export type CaseUpgradeDue = DomainEvent<'CaseUpgradeDue', CaseUpgradeDueV1>;
