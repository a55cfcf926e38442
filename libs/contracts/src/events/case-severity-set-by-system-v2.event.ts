import { IsIn } from 'class-validator';
import { SEVERITIES, SYSTEM_SEVERITY_RULES, type Severity } from '../case-vocabulary';
import type { DomainEvent } from '../event-envelope';
import type { CaseSeveritySetBySystemV1 } from './case-severity-set-by-system.event';
import { IsNonEmptyString } from './field-rules';

/** Version 2 adds `open-a-month`: a responsible case still open after the policy's period (DOMAIN §4, sla-monitor's CaseUpgradeDue). */
export const SYSTEM_SEVERITY_RULES_V2 = [...SYSTEM_SEVERITY_RULES, 'open-a-month'] as const;
export type SystemSeverityRuleV2 = (typeof SYSTEM_SEVERITY_RULES_V2)[number];

/**
 * routing: a severity rule the system can check itself raised the case's severity (version 2: the
 * one-month upgrade among the rules). Same fields as version 1; version-1 data is read as it is.
 */
export class CaseSeveritySetBySystemV2 {
  @IsIn(SEVERITIES)
  severity!: Severity;

  @IsIn(SYSTEM_SEVERITY_RULES_V2)
  rule!: SystemSeverityRuleV2;

  @IsNonEmptyString(1000)
  reason!: string;

  @IsNonEmptyString()
  policyVersion!: string;
}

export const upcastCaseSeveritySetBySystemV1 = (v1: CaseSeveritySetBySystemV1): CaseSeveritySetBySystemV2 => ({ ...v1 });

export type CaseSeveritySetBySystem = DomainEvent<'CaseSeveritySetBySystem', CaseSeveritySetBySystemV2>;
