import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, QueryBoolean } from '@mallcare/platform';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { MONTH_PATTERN } from '../../reports/report-period';

export class PackListQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2026-11' })
  @IsOptional()
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' })
  month?: string;

  @ApiPropertyOptional({ example: 'SH01', description: 'One mall\'s packs (HQ); a mall\'s staff always get their own mall\'s' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,8}$/, { message: 'mallId must be a mall code of 2–8 capital letters or digits' })
  mallId?: string;
}

export class PackRunQuery {
  @ApiProperty({ example: '2026-10', description: 'The month whose packs to produce' })
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' })
  month!: string;

  @ApiPropertyOptional({ default: false, description: 'Answer when the run has finished (200 with what was produced) instead of at once (202)' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  wait?: boolean;
}
