import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CATEGORIES, CHANNELS, COMPLAINT_KINDS, SEVERITIES } from '@mallcare/contracts';
import { FreeText, PageQuery } from '@mallcare/platform';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { MONTH_PATTERN, QUARTER_PATTERN, WEEK_PATTERN, YEAR_PATTERN } from '../report-period';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
export const MALL_CODE = /^[A-Z0-9]{2,8}$/;

export class MonthQuery {
  @ApiProperty({ example: '2026-11', description: 'Cases received in this month on the mall\'s wall clock' })
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' })
  month!: string;
}

/** Exactly one of month, quarter or year. */
export class RollupQuery {
  @ApiPropertyOptional({ example: '2026-11' })
  @IsOptional()
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' })
  month?: string;

  @ApiPropertyOptional({ example: '2026-Q3' })
  @IsOptional()
  @Matches(QUARTER_PATTERN, { message: 'quarter must be YYYY-Qn' })
  quarter?: string;

  @ApiPropertyOptional({ example: '2026' })
  @IsOptional()
  @Matches(YEAR_PATTERN, { message: 'year must be YYYY' })
  year?: string;
}

export class QuarterQuery {
  @ApiProperty({ example: '2026-Q4' })
  @Matches(QUARTER_PATTERN, { message: 'quarter must be YYYY-Qn' })
  quarter!: string;

  @ApiPropertyOptional({ description: 'Only this mall (HQ); a mall\'s staff always get their own mall', example: 'SH01' })
  @IsOptional()
  @Matches(MALL_CODE, { message: 'mallId must be a mall code of 2–8 capital letters or digits' })
  mallId?: string;
}

export class ChannelUsageQuery extends MonthQuery {
  @ApiPropertyOptional({ description: 'One mall; the whole group (HQ) when absent', example: 'SH01' })
  @IsOptional()
  @Matches(MALL_CODE, { message: 'mallId must be a mall code of 2–8 capital letters or digits' })
  mallId?: string;
}

/** The detail's filters, for the detail page and its exports alike: only the cases that match. */
export class CaseDetailFilters {
  @ApiPropertyOptional({ enum: COMPLAINT_KINDS })
  @IsOptional()
  @IsIn(COMPLAINT_KINDS)
  kind?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: string;

  @ApiPropertyOptional({ example: 'customer-service' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  owningDepartmentId?: string;

  @ApiPropertyOptional({ example: 'operations' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  handlingDepartmentId?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: string;

  @ApiPropertyOptional({ example: 'sh01-ops-01' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  handlerStaffId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  resolved?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  closed?: boolean;
}

/** Weekly or monthly detail (exactly one of week, month) with filters; paged. */
export class CaseDetailQuery extends IntersectionType(PageQuery, CaseDetailFilters) {
  @ApiPropertyOptional({ example: '2026-11' })
  @IsOptional()
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' })
  month?: string;

  @ApiPropertyOptional({ example: '2026-W48', description: 'ISO week of receivedAt on the mall\'s wall clock' })
  @IsOptional()
  @Matches(WEEK_PATTERN, { message: 'week must be YYYY-Www' })
  week?: string;
}

export class MarkCaseAsExampleDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  complaintId!: string;

  @ApiProperty({ example: '及时道歉并补偿，顾客满意', description: 'Why the case is worth learning from' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @FreeText()
  note!: string;
}

export class CaseLibraryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ description: 'Words in the note, case number or category' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
