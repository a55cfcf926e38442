import { IsIn, IsISO8601, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
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

/**
 * intake: a front desk registered what a customer or tenant raised. No personal data in clear text.
 * Version 1, as published in issue 2: never edited. Stored version-1 events are read as version 2
 * (complaint-registered-v2.event.ts), where the `ComplaintRegistered` type now lives.
 */
export class ComplaintRegisteredV1 {
  @Matches(/^[A-Z0-9]{2,8}-\d{8}-\d{4,}$/)
  caseNumber!: string;

  @IsIn(CHANNELS)
  channel!: Channel;

  @IsIn(COMPLAINT_KINDS)
  kind!: ComplaintKind;

  @IsIn(CATEGORIES)
  category!: Category;

  @IsIn(COMPLAINANT_TYPES)
  complainantType!: ComplainantType;

  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  description!: string;

  @IsISO8601({ strict: true })
  receivedAt!: string;
}
