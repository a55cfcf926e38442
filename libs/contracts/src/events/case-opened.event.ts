import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import type { DomainEvent } from '../event-envelope';
import {
  CATEGORIES,
  CHANNELS,
  COMPLAINANT_TYPES,
  COMPLAINT_KINDS,
  type Category,
  type Channel,
  type ComplainantType,
  type ComplaintKind,
} from '../vocabulary';
import { IsCaseNumber, IsInstant } from './field-rules';

/**
 * routing: a case was opened for a registered complaint (or a collective one), with the facts of the
 * registration its handling rules need (written reply, channel severity, due times). No personal data.
 */
export class CaseOpenedV1 {
  @IsCaseNumber()
  caseNumber!: string;

  @IsIn(COMPLAINT_KINDS)
  kind!: ComplaintKind;

  @IsIn(CATEGORIES)
  category!: Category;

  /** Absent for a collective case, which the system raised from several registrations. */
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @IsIn(COMPLAINANT_TYPES)
  complainantType!: ComplainantType;

  /** A written complaint needs a written reply approved by a leader before it is resolved (DOMAIN §3). */
  @IsBoolean()
  written!: boolean;

  @IsInstant()
  receivedAt!: string;

  /** Complaint ids of a collective case's members; empty for an ordinary case. */
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  collectiveMemberIds!: string[];

  @IsOptional()
  @IsInt()
  @Min(0)
  distinctTenants?: number;
}
export type CaseOpened = DomainEvent<'CaseOpened', CaseOpenedV1>;
