import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CATEGORIES, CHANNELS, COMPLAINANT_TYPES, ROLES, SEVERITIES, type Category, type Channel, type ComplainantType, type Role, type Severity } from '@mallcare/contracts';
import { PageQuery } from '@mallcare/platform';
import { WEEKDAYS, type DurationUnit, type Weekday } from '@mallcare/policy';

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const UNITS: DurationUnit[] = ['minutes', 'hours', 'days', 'working-days'];

/** Every change may name from when it applies; without it, at once. */
export class PolicyChangeDto {
  @ApiPropertyOptional({ description: 'From when the new version applies (ISO instant, not in the past); default now', example: '2026-12-01T00:00:00+08:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveFrom?: string;
}

export class OwningRuleDto {
  @ApiProperty({ example: 'owning-consumer' })
  @Matches(ID)
  id!: string;

  @ApiProperty({ enum: COMPLAINANT_TYPES })
  @IsIn(COMPLAINANT_TYPES)
  complainantType!: ComplainantType;

  @ApiProperty({ example: 'operations' })
  @Matches(ID)
  departmentId!: string;
}

export class HandlingRuleDto {
  @ApiProperty({ example: 'route-engineering' })
  @Matches(ID)
  id!: string;

  @ApiProperty({ enum: [...CATEGORIES, '*'], isArray: true, example: ['engineering-equipment'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn([...CATEGORIES, '*'], { each: true })
  categories!: (Category | '*')[];

  @ApiProperty({ example: 'engineering' })
  @Matches(ID)
  departmentId!: string;
}

/** PUT /admin/malls/:mallId/routing — a table left out (or null) follows the group's table. */
export class MallRoutingDto extends PolicyChangeDto {
  @ApiPropertyOptional({ type: [OwningRuleDto], description: 'Complainant type → owning department (DOMAIN §2)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OwningRuleDto)
  owningDepartmentByComplainantType?: OwningRuleDto[] | null;

  @ApiPropertyOptional({ type: [HandlingRuleDto], description: 'Category → handling department, evaluated in order (DOMAIN §5)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => HandlingRuleDto)
  handlingDepartmentRules?: HandlingRuleDto[] | null;
}

/** PUT /admin/routing — the group's own tables. */
export class GroupRoutingDto extends PolicyChangeDto {
  @ApiProperty({ type: [OwningRuleDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OwningRuleDto)
  owningDepartmentByComplainantType!: OwningRuleDto[];

  @ApiProperty({ type: [HandlingRuleDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => HandlingRuleDto)
  handlingDepartmentRules!: HandlingRuleDto[];
}

export class DutyShiftDto {
  @ApiProperty({ example: 'sh01-engineering-1' })
  @Matches(ID)
  staffId!: string;

  @ApiProperty({ enum: WEEKDAYS, isArray: true, example: ['mon', 'tue', 'wed', 'thu', 'fri'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(WEEKDAYS, { each: true })
  days!: Weekday[];

  @ApiProperty({ example: '08:00', description: 'Local time of the mall' })
  @Matches(HHMM, { message: 'from must be a time HH:mm' })
  from!: string;

  @ApiProperty({ example: '16:00', description: 'At or before `from`: the shift runs past midnight' })
  @Matches(HHMM, { message: 'to must be a time HH:mm' })
  to!: string;
}

export class MallDepartmentDto {
  @ApiProperty({ example: 'engineering' })
  @Matches(ID)
  id!: string;

  @ApiProperty({ example: '工程部' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 'Engineering' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  nameEn!: string;

  @ApiProperty({ nullable: true, example: 'sh01-engineering-mgr', description: 'Takes cases when nobody on the roster is on duty' })
  @IsOptional()
  @Matches(ID)
  managerStaffId!: string | null;

  @ApiProperty({ type: [DutyShiftDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DutyShiftDto)
  roster!: DutyShiftDto[];
}

/** PUT /admin/malls/:mallId/departments — the mall's departments with managers and duty rosters. */
export class MallDepartmentsDto extends PolicyChangeDto {
  @ApiProperty({ type: [MallDepartmentDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MallDepartmentDto)
  departments!: MallDepartmentDto[];
}

/** PUT /admin/malls/:mallId — add a mall (group admin) or change its name, city, time zone and channels. */
export class MallProfileDto extends PolicyChangeDto {
  @ApiProperty({ example: '上海虹桥广场' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 'Shanghai Hongqiao Plaza' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  nameEn!: string;

  @ApiProperty({ example: '上海' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  city!: string;

  @ApiProperty({ example: 'Asia/Shanghai' })
  @IsString()
  @IsNotEmpty()
  timeZone!: string;

  @ApiProperty({ enum: CHANNELS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  enabledChannels!: Channel[];
}

export class MallDateDto {
  @ApiProperty({ example: '2026-12-24', description: 'A date of the mall’s calendar (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a calendar date YYYY-MM-DD' })
  date!: string;

  @ApiPropertyOptional({ example: '盘点停业', description: 'What staff see on the day' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

/** PUT /admin/malls/:mallId/calendar — the mall's own dates on top of the national schedule (working-day clocks follow them). */
export class MallCalendarDto extends PolicyChangeDto {
  @ApiProperty({ type: [MallDateDto], description: 'Dates the mall is shut: no working day, so working-day clocks move past them' })
  @IsArray()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => MallDateDto)
  closures!: MallDateDto[];

  @ApiProperty({ type: [MallDateDto], description: 'Dates the mall works though the national schedule rests' })
  @IsArray()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => MallDateDto)
  extraWorkingDates!: MallDateDto[];
}

export class PolicyDurationDto {
  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(100_000)
  amount!: number;

  @ApiProperty({ enum: UNITS })
  @IsIn(UNITS)
  unit!: DurationUnit;
}

export class ChannelSeverityDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity!: Severity;
}

export class UnresolvedUpgradeDto {
  @ApiProperty({ type: PolicyDurationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PolicyDurationDto)
  after!: PolicyDurationDto;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  to!: Severity;
}

/** DOMAIN §4: the severity the system sets by itself. */
export class SeverityPolicyDto {
  @ApiProperty({ enum: SEVERITIES, example: 'critical' })
  @IsIn(SEVERITIES)
  collective!: Severity;

  @ApiProperty({ example: 2, description: 'Raised this many times in all → major' })
  @IsInt()
  @Min(2)
  @Max(100)
  repeatCountForMajor!: number;

  @ApiProperty({ type: [ChannelSeverityDto] })
  @IsArray()
  @ArrayMaxSize(CHANNELS.length)
  @ValidateNested({ each: true })
  @Type(() => ChannelSeverityDto)
  channels!: ChannelSeverityDto[];

  @ApiProperty({ type: UnresolvedUpgradeDto })
  @IsObject()
  @ValidateNested()
  @Type(() => UnresolvedUpgradeDto)
  unresolvedUpgrade!: UnresolvedUpgradeDto;
}

export class CollectivePolicyDto {
  @ApiProperty({ example: 120 })
  @IsInt()
  @Min(1)
  @Max(10_080)
  windowMinutes!: number;

  @ApiProperty({ example: 5 })
  @IsInt()
  @Min(2)
  @Max(1_000)
  minDistinctTenants!: number;
}

export class RepeatPolicyDto {
  @ApiProperty({ example: 90 })
  @IsInt()
  @Min(1)
  @Max(3_660)
  lookbackDays!: number;
}

export class CallbackPolicyDto {
  @ApiProperty({ type: PolicyDurationDto, description: 'Callback due after resolution (DOMAIN §6: 2 working days)' })
  @IsObject()
  @ValidateNested()
  @Type(() => PolicyDurationDto)
  within!: PolicyDurationDto;

  @ApiPropertyOptional({ type: PolicyDurationDto, description: 'A customer already dissatisfied at a callback is called back sooner (000 §4.8: 3 hours); absent: the group’s' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PolicyDurationDto)
  grumblingWithin?: PolicyDurationDto;

  @ApiPropertyOptional({ example: 3, description: 'Failed attempts after which the callback ends as unreachable; absent: the group’s' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  maxFailedAttempts?: number;
}

/** PATCH settings: only the blocks sent change; for a mall, null makes a block follow the group again. */
export class SettingsDto extends PolicyChangeDto {
  @ApiPropertyOptional({ type: SeverityPolicyDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SeverityPolicyDto)
  severity?: SeverityPolicyDto | null;

  @ApiPropertyOptional({ type: CollectivePolicyDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CollectivePolicyDto)
  collective?: CollectivePolicyDto | null;

  @ApiPropertyOptional({ type: RepeatPolicyDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RepeatPolicyDto)
  repeat?: RepeatPolicyDto | null;

  @ApiPropertyOptional({ type: CallbackPolicyDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CallbackPolicyDto)
  callback?: CallbackPolicyDto | null;
}

/** PUT /admin/staff/:staffId — add or change a staff member (deactivate instead of deleting: the log names them). */
export class StaffMemberDto extends PolicyChangeDto {
  @ApiProperty({ example: '王伟' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiProperty({ nullable: true, example: 'SH01', description: 'null: HQ staff (every mall)' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,8}$/, { message: 'mallId must be a mall code of 2–8 capital letters or digits' })
  mallId!: string | null;

  @ApiProperty({ nullable: true, example: 'engineering' })
  @IsOptional()
  @Matches(ID)
  departmentId!: string | null;

  @ApiProperty({ example: true })
  @IsBoolean()
  active!: boolean;
}

export class PolicyAtQueryDto {
  @ApiPropertyOptional({ description: 'The version in force at this instant (ISO); default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

/** Paging only, for now. */
export class PolicyVersionsQueryDto extends PageQuery {}

/** A clock's timing (DOMAIN §6): `PATCH /admin/clocks/:kind`, group admins only. */
export class ClockChangeDto extends PolicyChangeDto {
  @ApiProperty({ type: PolicyDurationDto, description: 'How long the clock runs' })
  @IsObject()
  @ValidateNested()
  @Type(() => PolicyDurationDto)
  target!: PolicyDurationDto;

  @ApiPropertyOptional({ type: [Number], example: [75], description: 'Percentages of the target at which the holder is warned (1–99)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(99, { each: true })
  warnAtPercent?: number[];

  @ApiPropertyOptional({ type: PolicyDurationDto, nullable: true, description: 'How often the next rung is told while it stays unmet; null: the group default' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PolicyDurationDto)
  escalateEvery?: PolicyDurationDto | null;
}

const share = (what: string, example: number) =>
  ApiPropertyOptional({ type: Number, example, minimum: 0, exclusiveMinimum: true, maximum: 1, description: `${what}, a share (0.95 = 95 %)` });

/** The group-wide targets analytics checks (docs/domain.md §6): `PATCH /admin/targets`, group admins only; left out = as it was. */
export class GroupTargetsDto extends PolicyChangeDto {
  @share('First reply within 24 h of receipt', 0.95)
  @IsOptional()
  @IsNumber()
  @IsPositive()
  @Max(1)
  responseWithin24h?: number;

  @share('Closure rate', 0.95)
  @IsOptional()
  @IsNumber()
  @IsPositive()
  @Max(1)
  closureRate?: number;

  @share('Closure rate stretch target (shown, not counted as missed; not below closureRate)', 0.98)
  @IsOptional()
  @IsNumber()
  @IsPositive()
  @Max(1)
  closureRateStretch?: number;

  @share('Satisfaction rate', 0.9)
  @IsOptional()
  @IsNumber()
  @IsPositive()
  @Max(1)
  satisfactionRate?: number;

  @share('Data completeness', 1)
  @IsOptional()
  @IsNumber()
  @IsPositive()
  @Max(1)
  dataCompleteness?: number;
}
