import type { DomainEvent } from '../event-envelope';
import { IsNonEmptyString } from './field-rules';

/** routing: the case was given an owning department (DOMAIN §2) and a handling department (§5). */
export class CaseRoutedV1 {
  @IsNonEmptyString()
  owningDepartmentId!: string;

  @IsNonEmptyString()
  handlingDepartmentId!: string;

  /** Which policy rule decided it, so the log shows why. */
  @IsNonEmptyString()
  routingRuleId!: string;

  @IsNonEmptyString()
  policyVersion!: string;
}
export type CaseRouted = DomainEvent<'CaseRouted', CaseRoutedV1>;
