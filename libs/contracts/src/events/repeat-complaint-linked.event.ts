import { IsIn, IsInt, IsUUID, Min, ValidateIf } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import { CHANNELS, type Channel } from '../vocabulary';
import { IsInstant, IsNonEmptyString } from './field-rules';

/**
 * intake, on the OPEN case's stream: the same complainant raised the same matter again (same mall and
 * category, case not resolved). No new case is opened; the registration is counted on the open case.
 * `repeatCount` counts every time the matter was raised, the first registration included (2 = once again).
 */
export class RepeatComplaintLinkedV1 {
  /** The open case (equal to the event's metadata.complaintId). */
  @IsUUID()
  complaintId!: string;

  /** The id given to this repeat registration (idempotent replays answer with it). */
  @IsUUID()
  repeatComplaintId!: string;

  @IsInt()
  @Min(2)
  repeatCount!: number;

  @IsIn(CHANNELS)
  channel!: Channel;

  @IsInstant()
  receivedAt!: string;

  @IsNonEmptyString(4000)
  description!: string;

  @ValidateIf((data: RepeatComplaintLinkedV1) => data.complainantSubjectId !== null)
  @IsUUID()
  complainantSubjectId!: string | null;

  @IsNonEmptyString()
  policyVersion!: string;
}
export type RepeatComplaintLinked = DomainEvent<'RepeatComplaintLinked', RepeatComplaintLinkedV1>;
