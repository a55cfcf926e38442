import { IsNotEmpty, IsString } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** routing: the case was given an owning department (DOMAIN §2) and a handling department (§5). */
export class CaseRoutedV1 {
  @IsString()
  @IsNotEmpty()
  owningDepartmentId!: string;

  @IsString()
  @IsNotEmpty()
  handlingDepartmentId!: string;

  /** Which policy rule decided it, so the log shows why. */
  @IsString()
  @IsNotEmpty()
  routingRuleId!: string;

  @IsString()
  @IsNotEmpty()
  policyVersion!: string;
}
export type CaseRouted = DomainEvent<'CaseRouted', CaseRoutedV1>;
