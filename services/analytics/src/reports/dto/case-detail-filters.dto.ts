import { ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORIES, CHANNELS, COMPLAINT_KINDS, SEVERITIES, type Category, type Channel, type ComplaintKind, type Severity } from '@mallcare/contracts';
import { QueryBoolean } from '@mallcare/platform';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * The counted cases' detail filters, for the detail page, its exports and the query alike: only the
 * cases that match; each narrows on a column of analytics.case_paths.
 */
export class CaseDetailFilters {
  @ApiPropertyOptional({ enum: COMPLAINT_KINDS })
  @IsOptional()
  @IsIn(COMPLAINT_KINDS)
  kind?: ComplaintKind;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

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
  severity?: Severity;

  @ApiPropertyOptional({ example: 'sh01-ops-01' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  handlerStaffId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  resolved?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  closed?: boolean;
}
