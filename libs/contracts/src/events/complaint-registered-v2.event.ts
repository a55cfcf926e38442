import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
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
import type { DomainEvent } from '../event-envelope';
import type { ComplaintRegisteredV1 } from './complaint-registered.event';
import { IsCaseNumber, IsInstant, IsNestedList, IsNestedObject, IsNonEmptyString } from './field-rules';

/**
 * What each channel records besides the customer (DOMAIN §3), none of it personal: who recorded a
 * walk-in and where, which government body referred it, which outlet reported it. Contact details
 * (phone, e-mail, address, account) live only in intake's personal-data store.
 */
export class ChannelDetailsV1 {
  /** Staff id of who recorded it (walk-in: the agent at the desk; staff patrol: the patrolling staff). */
  @IsOptional()
  @IsNonEmptyString(64)
  recordedBy?: string;

  /** walk-in: where the customer was received (e.g. 1F 总服务台). */
  @IsOptional()
  @IsNonEmptyString(200)
  place?: string;

  /** government-referral: the body that referred it (e.g. 市场监督管理局 / 12345 hotline). */
  @IsOptional()
  @IsNonEmptyString(200)
  governmentBody?: string;

  /** government-referral or letter: the body's file or letter number. */
  @IsOptional()
  @IsNonEmptyString(100)
  referenceNumber?: string;

  /** media: the outlet that reported or asked. */
  @IsOptional()
  @IsNonEmptyString(200)
  mediaOutlet?: string;

  /** social-media: the platform (微博, 小红书, 抖音 …). */
  @IsOptional()
  @IsNonEmptyString(100)
  platform?: string;

  /** website, mobile-app, e-mail: the submission or ticket reference of the source system. */
  @IsOptional()
  @IsNonEmptyString(100)
  submissionReference?: string;
}

/** An attachment is stored elsewhere (object store, document system); events carry only its reference. */
export class AttachmentReferenceV1 {
  @IsNonEmptyString(500)
  reference!: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  mediaType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  caption?: string;
}

/**
 * intake: a front desk registered what a customer or tenant raised (version 2). No personal data:
 * the complainant is an opaque subject id whose name and contact live encrypted in intake.
 * `kind: 'inquiry'` is answered and closed at the desk in the same append (InquiryAnswered follows
 * at once): routing must not open a case for it.
 */
export class ComplaintRegisteredV2 {
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

  /** When the mall received it; every clock starts here (may be earlier than the entry). */
  @IsInstant()
  receivedAt!: string;

  /** A written complaint (letter, GM mailbox, or marked so) needs a leader-approved written reply. */
  @IsBoolean()
  written!: boolean;

  /** The person in intake's personal-data store; null when the complainant gave nothing to keep. */
  @ValidateIf((data: ComplaintRegisteredV2) => data.complainantSubjectId !== null)
  @IsUUID()
  complainantSubjectId!: string | null;

  /** Normalised location or subject of the matter: registrations with the same key, mall and category are the same matter. */
  @ValidateIf((data: ComplaintRegisteredV2) => data.matterKey !== null)
  @IsNonEmptyString(200)
  matterKey!: string | null;

  /** A tenant's unit or shop number (e.g. L2-018); tells tenants apart for a collective complaint. */
  @IsOptional()
  @IsNonEmptyString(50)
  tenantUnit?: string;

  /** Where it happened, as told. */
  @IsOptional()
  @IsNonEmptyString(200)
  location?: string;

  /** When it happened, as told (not when it was received). */
  @IsOptional()
  @IsInstant()
  happenedAt?: string;

  /** The customer's own deadline, if they asked for one (DOMAIN §6: resolved by then if sooner). */
  @IsOptional()
  @IsInstant()
  requestedDeadline?: string;

  /** How many consumers one registration speaks for (a group of consumers, DOMAIN §3). */
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(100_000)
  groupSize?: number;

  @IsNestedObject(() => ChannelDetailsV1)
  channelDetails!: ChannelDetailsV1;

  @IsNestedList(() => AttachmentReferenceV1, 20)
  attachments!: AttachmentReferenceV1[];

  /** The group policy version that accepted the registration (channel enabled, case number time zone). */
  @IsNonEmptyString()
  policyVersion!: string;
}

/** The policy of issue 2 that every version-1 registration was made under. */
export const LEGACY_POLICY_VERSION = 'group-default-2026.1';

/** Version 1 knew nothing of subjects, matters or channel details: a letter was the only written channel. */
export const upcastComplaintRegisteredV1 = (v1: ComplaintRegisteredV1): ComplaintRegisteredV2 => ({
  ...v1,
  written: v1.channel === 'letter',
  complainantSubjectId: null,
  matterKey: null,
  channelDetails: {},
  attachments: [],
  policyVersion: LEGACY_POLICY_VERSION,
});

/** Version 2 as published; read through upcastComplaintRegisteredV2 (ComplaintRegistered is version 3). */
export type ComplaintRegisteredV2Event = DomainEvent<'ComplaintRegistered', ComplaintRegisteredV2>;
