import type { Category, ComplainantType, ComplaintEventType } from '@mallcare/contracts';
import defaultPolicy from './default-group-policy.json';

export type DurationUnit = 'minutes' | 'hours' | 'days' | 'working-days';

export interface PolicyDuration {
  amount: number;
  unit: DurationUnit;
}

export interface ClockPolicy {
  kind: string;
  startsOn: ComplaintEventType;
  metOn: ComplaintEventType;
  target: PolicyDuration;
}

export interface HandlingDepartmentRule {
  id: string;
  /** Categories this rule matches, or `*` for any. */
  categories: (Category | '*')[];
  departmentId: string;
}

/**
 * The group's operating rules as data (DOMAIN §2, §5, §6, §8): editable per group and mall, never
 * literals in code. `version` goes into the events each rule decides, so the log shows which applied.
 */
export interface GroupPolicy {
  version: string;
  timeZone: string;
  departments: string[];
  owningDepartmentByComplainantType: { id: string; complainantType: ComplainantType; departmentId: string }[];
  handlingDepartmentRules: HandlingDepartmentRule[];
  clocks: ClockPolicy[];
  callback: { within: PolicyDuration };
}

export const DEFAULT_GROUP_POLICY: GroupPolicy = defaultPolicy as GroupPolicy;
