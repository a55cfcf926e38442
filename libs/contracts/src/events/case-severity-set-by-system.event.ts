import { IsIn } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { SEVERITIES, SYSTEM_SEVERITY_RULES, type Severity, type SystemSeverityRule } from '../case-vocabulary';
import { IsNonEmptyString } from './field-rules';

/**
 * routing: a severity rule of DOMAIN §4 that the system can check itself raised the case's severity
 * (collective → critical, repeat count → major, government referral or media → critical). People may
 * raise it further; lowering it needs a stated reason (CaseClassified.overrideReason).
 */
export class CaseSeveritySetBySystemV1 {
  @IsIn(SEVERITIES)
  severity!: Severity;

  @IsIn(SYSTEM_SEVERITY_RULES)
  rule!: SystemSeverityRule;

  @IsNonEmptyString(1000)
  reason!: string;

  @IsNonEmptyString()
  policyVersion!: string;
}
/** Version 1 as published; read through upcastCaseSeveritySetBySystemV1 (CaseSeveritySetBySystem is version 2). */
export type CaseSeveritySetBySystemV1Event = DomainEvent<'CaseSeveritySetBySystem', CaseSeveritySetBySystemV1>;
