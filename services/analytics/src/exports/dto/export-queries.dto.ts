import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CaseDetailFilters } from '../../reports/dto/case-detail-filters.dto';
import { MALL_CODE } from '../../reports/dto/report-queries.dto';
import { MONTH_PATTERN, WEEK_PATTERN } from '../../reports/report-period';

export class MallExportParams {
  @ApiProperty({ example: 'SH01' })
  @Matches(MALL_CODE, { message: 'mallId must be a mall code of 2–8 capital letters or digits' })
  mallId!: string;
}

export class ExportMonthDetailQuery extends CaseDetailFilters {
  @ApiProperty({ example: '2026-11', description: 'Cases received in this month on the mall\'s wall clock' })
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' })
  month!: string;
}

export class ExportWeekQuery extends CaseDetailFilters {
  @ApiProperty({ example: '2026-W48', description: 'ISO week of receivedAt on the mall\'s wall clock' })
  @Matches(WEEK_PATTERN, { message: 'week must be YYYY-Www' })
  week!: string;
}
