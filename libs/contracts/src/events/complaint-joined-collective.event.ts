import { IsInt, IsUUID, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { IsCaseNumber } from './field-rules';

/** intake, on a member's stream: the registration is part of a collective case (when raised, or joining it later). */
export class ComplaintJoinedCollectiveV1 {
  @IsUUID()
  collectiveComplaintId!: string;

  @IsCaseNumber()
  collectiveCaseNumber!: string;

  /** Distinct tenants of the collective case counting this member. */
  @IsInt()
  @Min(1)
  distinctTenants!: number;
}
export type ComplaintJoinedCollective = DomainEvent<'ComplaintJoinedCollective', ComplaintJoinedCollectiveV1>;
