import { IsInt, IsUUID, Matches, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';

/** intake, on a member's stream: the registration is part of a collective case (when raised, or joining it later). */
export class ComplaintJoinedCollectiveV1 {
  @IsUUID()
  collectiveComplaintId!: string;

  @Matches(/^[A-Z0-9]{2,8}-\d{8}-\d{4,}$/)
  collectiveCaseNumber!: string;

  /** Distinct tenants of the collective case counting this member. */
  @IsInt()
  @Min(1)
  distinctTenants!: number;
}
export type ComplaintJoinedCollective = DomainEvent<'ComplaintJoinedCollective', ComplaintJoinedCollectiveV1>;
