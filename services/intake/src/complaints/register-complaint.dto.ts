import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CATEGORIES,
  CHANNELS,
  COMPLAINANT_TYPES,
  COMPLAINT_KINDS,
  type Category,
  type Channel,
  type ComplainantType,
  type ComplaintKind,
} from '@mallcare/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { channelRequiresContact, channelRequiresDetail, channelRequiresLocation } from './channel-rules';
import { FreeText } from '@mallcare/platform';

/** A mainland mobile number inside free text: it belongs in contactPhone, which is kept encrypted. */
const NO_PHONE_NUMBER = /^(?![\s\S]*(?<!\d)1[3-9]\d(?:[\s-]?\d){8}(?!\d))/;
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,200}$/;

export class AttachmentReferenceDto {
  @ApiProperty({
    example: 'attachment:5f0c2a8e-6b1d-4c3e-9a7f-2d4b6c8e0a1f',
    description: 'A file uploaded with POST /attachments (`attachment:<attachmentId>`, its type then comes from the upload), or a reference to a document kept elsewhere; the file itself is not sent',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reference!: string;

  @ApiPropertyOptional({ example: 'image/jpeg' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  mediaType?: string;

  @ApiPropertyOptional({ example: '扶梯停运现场 / the stopped escalator' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @FreeText()
  caption?: string;
}

/**
 * A registration from any channel (DOMAIN §3). Each channel needs its own facts: a walk-in where it was
 * received, a phone call a number to call back, a letter an address for the written reply, a
 * government referral the body, media the outlet. Name and contact are personal data: kept encrypted
 * in intake, never put on events, shown masked to roles that do not need them.
 */
export class RegisterComplaintDto {
  @ApiProperty({ example: 'SH01', description: 'Mall code (2–8 capitals or digits); the mall must exist and have the channel enabled' })
  @Matches(/^[A-Z0-9]{2,8}$/, { message: 'mallId must be a mall code of 2–8 capital letters or digits' })
  mallId!: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({ enum: COMPLAINT_KINDS, description: 'An inquiry is answered and closed at once (give `answer`); the others go to routing' })
  @IsIn(COMPLAINT_KINDS)
  kind!: ComplaintKind;

  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category!: Category;

  @ApiProperty({ enum: COMPLAINANT_TYPES })
  @IsIn(COMPLAINANT_TYPES)
  complainantType!: ComplainantType;

  @ApiProperty({ example: '3号扶梯停运，顾客被困 / escalator 3 stopped with a customer on it', description: 'What happened. No phone numbers: use contactPhone.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @Matches(NO_PHONE_NUMBER, { message: 'description must not contain a phone number: put it in contactPhone, which is kept encrypted' })
  @FreeText()
  description!: string;

  @ApiPropertyOptional({ description: 'When it was received; defaults to now, may be in the past (a letter logged next morning). Clocks start here.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  receivedAt?: string;

  @ApiPropertyOptional({ description: 'Staff id of who recorded it (walk-in, staff patrol); defaults to the caller' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  recordedBy?: string;

  @ApiPropertyOptional({ example: '1F 总服务台', description: 'walk-in: where the customer was received (required)' })
  @ValidateIf((dto: RegisterComplaintDto) => channelRequiresDetail(dto.channel, 'place') || dto.place !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'place is required for a walk-in: where the customer was received' })
  @MaxLength(200)
  place?: string;

  @ApiPropertyOptional({ example: '上海市长宁区市场监督管理局', description: 'government-referral: the referring body (required)' })
  @ValidateIf((dto: RegisterComplaintDto) => channelRequiresDetail(dto.channel, 'governmentBody') || dto.governmentBody !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'governmentBody is required for a government referral' })
  @MaxLength(200)
  governmentBody?: string;

  @ApiPropertyOptional({ example: '12345-2026-118842', description: 'government-referral, letter, GM mailbox: the file or letter number' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  referenceNumber?: string;

  @ApiPropertyOptional({ example: '新民晚报', description: 'media: the outlet (required)' })
  @ValidateIf((dto: RegisterComplaintDto) => channelRequiresDetail(dto.channel, 'mediaOutlet') || dto.mediaOutlet !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'mediaOutlet is required for a media complaint' })
  @MaxLength(200)
  mediaOutlet?: string;

  @ApiPropertyOptional({ example: '小红书', description: 'social-media: the platform (required)' })
  @ValidateIf((dto: RegisterComplaintDto) => channelRequiresDetail(dto.channel, 'platform') || dto.platform !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'platform is required for a social-media complaint' })
  @MaxLength(100)
  platform?: string;

  @ApiPropertyOptional({ example: 'APP-2026-000731', description: 'website, mobile-app (required), e-mail, WeChat: the source system’s reference' })
  @ValidateIf((dto: RegisterComplaintDto) => channelRequiresDetail(dto.channel, 'submissionReference') || dto.submissionReference !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'submissionReference is required for a website or app submission' })
  @MaxLength(100)
  submissionReference?: string;

  @ApiPropertyOptional({ description: 'Needs a written reply approved by a leader (always so for a letter or the GM mailbox)' })
  @IsOptional()
  @IsBoolean()
  written?: boolean;

  @ApiPropertyOptional({ example: '张三', description: 'Personal data: encrypted, never in events' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  reporterName?: string;

  @ApiPropertyOptional({ example: '13812345678', description: 'phone: the callback number (required). Personal data: encrypted; its blind index finds repeat complaints' })
  @ValidateIf((dto: RegisterComplaintDto) => channelRequiresContact(dto.channel, 'phone') || dto.contactPhone !== undefined)
  @IsString()
  @Matches(/^(?=(?:\D*\d){5})[0-9+()\s.-]{5,30}$/, { message: 'contactPhone must be a phone number (digits, spaces, + - ( ) .); a phone complaint needs one to call back' })
  contactPhone?: string;

  @ApiPropertyOptional({ example: 'zhang.san@example.com', description: 'email: the sender (required). Personal data' })
  @ValidateIf((dto: RegisterComplaintDto) => channelRequiresContact(dto.channel, 'email') || dto.contactEmail !== undefined)
  @IsEmail({}, { message: 'contactEmail must be an e-mail address; an e-mail complaint needs the sender' })
  @MaxLength(200)
  contactEmail?: string;

  @ApiPropertyOptional({ example: '上海市长宁区某路100号', description: 'letter: where the written reply goes (required). Personal data' })
  @ValidateIf((dto: RegisterComplaintDto) => channelRequiresContact(dto.channel, 'address') || dto.contactAddress !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'contactAddress is required for a letter: the written reply is sent there' })
  @MaxLength(300)
  @FreeText()
  contactAddress?: string;

  @ApiPropertyOptional({ example: 'wxid_abc123', description: 'wechat: the account to answer (required); social media: the account. Personal data' })
  @ValidateIf((dto: RegisterComplaintDto) => channelRequiresContact(dto.channel, 'account') || dto.contactAccount !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'contactAccount is required for a WeChat complaint' })
  @MaxLength(200)
  contactAccount?: string;

  @ApiPropertyOptional({ example: '收银员（工号 0231）', description: 'People involved, as told. Treated as personal data' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  @FreeText()
  peopleInvolved?: string;

  @ApiPropertyOptional({ example: 'B1 停车场 C 区', description: 'Where it happened (required for a staff patrol); also the matter for collective detection unless subjectKey is given' })
  @ValidateIf((dto: RegisterComplaintDto) => channelRequiresLocation(dto.channel) || dto.location !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'location is required for a staff patrol: where it was found' })
  @MaxLength(200)
  location?: string;

  @ApiPropertyOptional({ example: 'B1 power cut', description: 'The matter, when the agent can name it: registrations with the same key, mall and category are one matter' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  subjectKey?: string;

  @ApiPropertyOptional({ example: 'L2-018', description: 'A tenant’s unit or shop number: tells tenants apart for a collective complaint' })
  @IsOptional()
  @IsString()
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} _#./-]{0,49}$/u, { message: 'tenantUnit must be a unit or shop number such as L2-018' })
  tenantUnit?: string;

  @ApiPropertyOptional({ description: 'When it happened, as told' })
  @IsOptional()
  @IsISO8601({ strict: true })
  happenedAt?: string;

  @ApiPropertyOptional({ description: 'The customer’s own deadline, if they asked for one' })
  @IsOptional()
  @IsISO8601({ strict: true })
  requestedDeadline?: string;

  @ApiPropertyOptional({ type: [AttachmentReferenceDto], description: 'References to files kept elsewhere' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AttachmentReferenceDto)
  attachments?: AttachmentReferenceDto[];

  @ApiPropertyOptional({ example: 12, description: 'A group of consumers complaining together: how many. At or over the policy threshold it is a collective complaint' })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(100_000)
  groupSize?: number;

  @ApiPropertyOptional({
    example: true,
    description: 'A tenant (street shop or anchor store) says the matter affects their business: resolve or reply within 1 hour, else leadership is told at once (DOMAIN §6)',
  })
  @IsOptional()
  @IsBoolean()
  businessAffected?: boolean;

  @ApiPropertyOptional({ example: '停车场营业至22:00 / the car park closes at 22:00', description: 'inquiry: the answer given at the desk (required for an inquiry, refused otherwise)' })
  @ValidateIf((dto: RegisterComplaintDto) => dto.kind === 'inquiry' || dto.answer !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'answer is required for an inquiry: it is answered and closed at the desk' })
  @MaxLength(4000)
  @FreeText()
  answer?: string;

  @ApiPropertyOptional({ description: 'Alternative to the Idempotency-Key header' })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: 'idempotencyKey must be 8–200 letters, digits or . _ : -' })
  idempotencyKey?: string;
}

export class CollectiveLink {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'SH01-20261123-0012' }) caseNumber!: string;
  @ApiProperty({ description: 'Distinct tenants of the collective case, this registration counted' }) distinctTenants!: number;
  @ApiProperty({ description: 'This registration made the matter collective (else it joined an existing collective case)' }) raised!: boolean;
}

export class ComplaintRegisteredResponse {
  @ApiProperty({ description: 'The case: a new one (201), or the open case a repeat was linked to (200)' }) id!: string;
  @ApiProperty({ example: 'SH01-20261123-0007' }) caseNumber!: string;
  @ApiProperty({ enum: COMPLAINT_KINDS }) kind!: ComplaintKind;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: 'open' | 'closed';
  @ApiProperty({ enum: ['registered', 'answered-and-closed', 'linked-to-open-case'] }) outcome!: 'registered' | 'answered-and-closed' | 'linked-to-open-case';
  @ApiProperty({ description: 'This registration’s own id (equal to id unless it was linked to an open case)' }) registrationId!: string;
  @ApiPropertyOptional({ description: 'Times the open matter has been raised, the first included (repeat only)' }) repeatCount?: number;
  @ApiPropertyOptional({ type: CollectiveLink }) collective?: CollectiveLink;
  @ApiPropertyOptional({ description: 'For the customer: with the case number it shows the case’s stage and result at GET /public/cases/:caseNumber', example: 'K7M2Q9XA' })
  lookupCode?: string;
}
