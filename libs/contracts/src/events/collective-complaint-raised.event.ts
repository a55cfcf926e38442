import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Min, ValidateIf } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { CATEGORIES, COMPLAINANT_TYPES, type Category, type ComplainantType } from '../vocabulary';
import { IsCaseNumber, IsInstant, IsNonEmptyString } from './field-rules';

export const COLLECTIVE_TRIGGERS = ['distinct-tenants', 'declared-group'] as const;
export type CollectiveTrigger = (typeof COLLECTIVE_TRIGGERS)[number];

/**
 * intake: the first event of a NEW collective case (its own complaint id and case number, kind
 * complaint): enough distinct tenants raised the same matter (same mall, category and matter key)
 * within the policy window, or one registration spoke for a group of consumers (DOMAIN §3). The
 * members keep their own ids and get ComplaintJoinedCollective. Severity is routing's to decide.
 */
export class CollectiveComplaintRaisedV1 {
  @IsCaseNumber()
  caseNumber!: string;

  @IsIn(CATEGORIES)
  category!: Category;

  /** Who owns the collective case: the complainant type most of its members share. */
  @IsIn(COMPLAINANT_TYPES)
  complainantType!: ComplainantType;

  @ValidateIf((data: CollectiveComplaintRaisedV1) => data.matterKey !== null)
  @IsNonEmptyString(200)
  matterKey!: string | null;

  @IsNonEmptyString(4000)
  description!: string;

  /** The earliest member's receivedAt: the mall knew of the matter from then on, so clocks start there. */
  @IsInstant()
  receivedAt!: string;

  /** The receivedAt of the registration that made it collective. */
  @IsInstant()
  detectedAt!: string;

  @IsIn(COLLECTIVE_TRIGGERS)
  trigger!: CollectiveTrigger;

  /** Complaint ids of the member registrations at the time it was raised. */
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  members!: string[];

  @IsInt()
  @Min(1)
  distinctTenants!: number;

  @IsOptional()
  @IsInt()
  @Min(2)
  declaredGroupSize?: number;

  /** Any member is a written complaint: the collective case needs a written reply too. */
  @IsBoolean()
  written!: boolean;

  @IsInt()
  @Min(1)
  windowMinutes!: number;

  @IsInt()
  @Min(1)
  minDistinctTenants!: number;

  @IsNonEmptyString()
  policyVersion!: string;
}
export type CollectiveComplaintRaised = DomainEvent<'CollectiveComplaintRaised', CollectiveComplaintRaisedV1>;
