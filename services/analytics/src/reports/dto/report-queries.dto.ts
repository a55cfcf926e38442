import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CATEGORIES } from '@mallcare/contracts';
import { FreeText, PageQuery } from '@mallcare/platform';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CaseDetailFilters } from './case-detail-filters.dto';
import { MONTH_PATTERN, QUARTER_PATTERN, WEEK_PATTERN, YEAR_PATTERN } from '../report-period';

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
