import 'reflect-metadata';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { IsInstant, IsNestedObject, IsNonEmptyString } from './field-rules';

/**
 * Organisation events are about no complaint, but the envelope needs a complaint id: all of them use
 * this one fixed key, so they share one Kafka partition and every service sees the versions in order.
 */
export const ORGANISATION_STREAM_KEY = '00000000-0000-4000-8000-000000000001';

/** The envelope's mallId for a change of the whole group (a change of one mall carries that mall's id). */
export const HQ_MALL_ID = 'HQ';

// 'group-clocks' (a clock's duration, warning points, escalation interval), 'mall-calendar' (a mall's closures
// and extra working days) and 'group-targets' (the group-wide targets analytics checks) added later: older
// events never carry them.
export const POLICY_CHANGE_KINDS = ['mall-profile', 'mall-routing', 'mall-departments', 'mall-settings', 'staff-member', 'group-settings', 'group-routing', 'group-clocks', 'mall-calendar', 'group-targets'] as const;
export type PolicyChangeKind = (typeof POLICY_CHANGE_KINDS)[number];

export class PolicyChangeV1 {
  @IsIn(POLICY_CHANGE_KINDS)
  kind!: PolicyChangeKind;

  /** The mall the change concerns; null for the whole group. */
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,8}$/)
  mallId!: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  staffId!: string | null;

  /** What changed, in a line people can read in the log. */
  @IsNonEmptyString(2000)
  summary!: string;

  /** Top-level paths of the policy that differ from the previous version. */
  @IsString({ each: true })
  changedPaths!: string[];
}

/**
 * routing: a group-admin or mall GM changed the organisation or its rules. It carries the whole new
 * policy, so a consumer needs nothing but the latest event to know the rules in force.
 */
export class GroupPolicyChangedV1 {
  @IsNonEmptyString()
  version!: string;

  @IsInt()
  @Min(2)
  revision!: number;

  @IsNonEmptyString()
  previousVersion!: string;

  @IsInstant()
  effectiveFrom!: string;

  @IsNestedObject(() => PolicyChangeV1)
  change!: PolicyChangeV1;

  /** Staff id of who made the change (also the event's actor). */
  @IsNonEmptyString()
  changedBy!: string;

  /** The complete policy in force from effectiveFrom (shape: GroupPolicy of @mallcare/policy, checked there). */
  @IsObject()
  policy!: Record<string, unknown>;
}
export type GroupPolicyChanged = DomainEvent<'GroupPolicyChanged', GroupPolicyChangedV1>;
