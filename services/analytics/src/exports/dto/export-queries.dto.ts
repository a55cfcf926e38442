import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORIES, CHANNELS, COMPLAINT_KINDS, SEVERITIES } from '@mallcare/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MONTH_PATTERN, QUARTER_PATTERN, WEEK_PATTERN, YEAR_PATTERN } from '../../reports/report-period';

const MALL_CODE = /^[A-Z0-9]{2,8}$/;

export class MallExportParams {
  @ApiProperty({ example: 'SH01' })
  @Matches(MALL_CODE, { message: 'mallId must be a mall code of 2–8 capital letters or digits' })
  mallId!: string;
}

export class ExportMonthQuery {
  @ApiProperty({ example: '2026-11', description: 'Cases received in this month on the mall\'s wall clock' })
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' })
  month!: string;
}

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** The detail's filters (the same as GET /analytics/malls/:mallId/cases): only the cases that match are exported. */
export class DetailExportFilters {
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

  @ApiPropertyOptional({ example: 'sh01-operations-1' })
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

export class ExportMonthDetailQuery extends DetailExportFilters {
  @ApiProperty({ example: '2026-11', description: 'Cases received in this month on the mall\'s wall clock' })
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' })
  month!: string;
}

export class ExportWeekQuery extends DetailExportFilters {
  @ApiProperty({ example: '2026-W48', description: 'ISO week of receivedAt on the mall\'s wall clock' })
  @Matches(WEEK_PATTERN, { message: 'week must be YYYY-Www' })
  week!: string;
}

/** HQ's roll-up: exactly one of month, quarter or year. */
export class ExportRollupQuery {
  @ApiPropertyOptional({ example: '2026-11' })
  @IsOptional()
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' })
  month?: string;

  @ApiPropertyOptional({ example: '2026-Q4' })
  @IsOptional()
  @Matches(QUARTER_PATTERN, { message: 'quarter must be YYYY-Qn' })
  quarter?: string;

  @ApiPropertyOptional({ example: '2026' })
  @IsOptional()
  @Matches(YEAR_PATTERN, { message: 'year must be YYYY' })
  year?: string;
}
