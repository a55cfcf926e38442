import { IsIn } from 'class-validator';
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
import { IsCaseNumber, IsInstant, IsNonEmptyString } from './field-rules';

/**
 * intake: a front desk registered what a customer or tenant raised. No personal data in clear text.
 * Version 1, as published in issue 2: never edited. Stored version-1 events are read as version 2
 * (complaint-registered-v2.event.ts), where the `ComplaintRegistered` type now lives.
 */
export class ComplaintRegisteredV1 {
  @IsCaseNumber()
  caseNumber!: string;

  @IsIn(CHANNELS)
  channel!: Channel;

  @IsIn(COMPLAINT_KINDS)
  kind!: ComplaintKind;

  @IsIn(CATEGORIES)
  category!: Category;

  @IsIn(COMPLAINANT_TYPES)
  complainantType!: ComplainantType;

  @IsNonEmptyString(4000)
  description!: string;

  @IsInstant()
  receivedAt!: string;
}
