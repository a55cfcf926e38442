import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { assertMallAccess, CurrentIdentity, mallScopeOf, Roles, type Identity } from '@mallcare/platform';
import { PERMISSIONS } from '@mallcare/policy';
import { CaseDetailQuery, ChannelUsageQuery, MonthQuery, QuarterQuery, RollupQuery } from './dto/report-queries.dto';
import { CaseDetailPageDto, HqRollupDto, MallMonthlyReportDto, MallPeriodReportDto } from './dto/report-responses.dto';
import { ReportsService } from './reports.service';
import type { CaseDetailPage, ChannelUsage, HqRollup, MallMonthlyReport, MallPerformance, MallPeriodReport, PerformanceRanking } from './report.types';

/** Who reads a mall's reports: its managers and GM (their own mall), HQ operations and group admins (every mall). */
export const REPORT_READER_ROLES = PERMISSIONS['report.read'];
export const HQ_ROLES = PERMISSIONS['report.read-group'];

const invalid = (field: string, message: string): BadRequestException =>
  new BadRequestException({ message: 'request is invalid', errors: [{ field, messages: [message] }] });

const MALL_CODE = /^[A-Z0-9]{2,8}$/;
const mallParam = (mallId: string): string => {
  if (!MALL_CODE.test(mallId)) throw invalid('mallId', 'mallId must be a mall code of 2–8 capital letters or digits');
  return mallId;
};

const onePeriod = (query: RollupQuery): string => {
  const periods = [query.month, query.quarter, query.year].filter((value): value is string => value !== undefined);
  if (periods.length !== 1) throw invalid('month', 'give exactly one of month, quarter or year');
  return periods[0];
};

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('malls/:mallId/reports/monthly')
  @ApiOkResponse({ type: MallMonthlyReportDto })
  @Roles(...REPORT_READER_ROLES)
  @ApiOperation({ summary: 'A mall\'s monthly analysis 客诉月报分析: counts, rates, times, comparisons, hot spots, overdue/escalated cases, comments' })
  monthly(@CurrentIdentity() identity: Identity, @Param('mallId') mallId: string, @Query() query: MonthQuery): Promise<MallMonthlyReport> {
    assertMallAccess(identity, mallParam(mallId));
    return this.reports.monthlyReport(mallId, query.month);
  }

  @Get('malls/:mallId/reports/rollup')
  @ApiOkResponse({ type: MallPeriodReportDto })
  @Roles(...REPORT_READER_ROLES)
  @ApiOperation({ summary: 'A mall\'s quarterly or yearly roll-up (or one month): figures, counts and targets, each month beside' })
  mallRollup(@CurrentIdentity() identity: Identity, @Param('mallId') mallId: string, @Query() query: RollupQuery): Promise<MallPeriodReport> {
    assertMallAccess(identity, mallParam(mallId));
    return this.reports.mallPeriodReport(mallId, onePeriod(query));
  }

  @Get('hq/rollup')
  @ApiOkResponse({ type: HqRollupDto })
  @Roles(...HQ_ROLES)
  @ApiOperation({ summary: 'HQ roll-up: every mall side by side for a month, quarter or year, with group totals, targets and ranking' })
  rollup(@Query() query: RollupQuery): Promise<HqRollup> {
    return this.reports.hqRollup(onePeriod(query));
  }

  @Get('malls/:mallId/cases')
  @ApiOkResponse({ type: CaseDetailPageDto })
  @Roles(...REPORT_READER_ROLES)
  @ApiOperation({ summary: 'Weekly or monthly detail 客诉周报明细/客诉月报明细: one row per case with its whole path; filterable, paged' })
  cases(@CurrentIdentity() identity: Identity, @Param('mallId') mallId: string, @Query() query: CaseDetailQuery): Promise<CaseDetailPage> {
    assertMallAccess(identity, mallParam(mallId));
    if ((query.month === undefined) === (query.week === undefined)) throw invalid('month', 'give exactly one of week or month');
    const { month, week, limit, offset, ...filters } = query;
    return this.reports.caseDetail(mallId, month !== undefined ? { month } : { week: week ?? '' }, filters, limit ?? 50, offset ?? 0);
  }

  @Get('malls/:mallId/performance')
  @Roles(...REPORT_READER_ROLES)
  @ApiOperation({ summary: 'Per-handler and per-department performance of a month' })
  performance(@CurrentIdentity() identity: Identity, @Param('mallId') mallId: string, @Query() query: MonthQuery): Promise<MallPerformance> {
    assertMallAccess(identity, mallParam(mallId));
    return this.reports.performance(mallId, query.month);
  }

  @Get('performance/ranking')
  @Roles(...REPORT_READER_ROLES)
  @ApiOperation({ summary: 'Quarterly ranking of handlers and departments (the group for HQ, their mall for a mall\'s staff)' })
  ranking(@CurrentIdentity() identity: Identity, @Query() query: QuarterQuery): Promise<PerformanceRanking> {
    return this.reports.ranking(query.quarter, mallScopeOf(identity, query.mallId));
  }

  @Get('channels')
  @Roles(...REPORT_READER_ROLES)
  @ApiOperation({ summary: 'Channel usage of a month, for one mall or the group' })
  channels(@CurrentIdentity() identity: Identity, @Query() query: ChannelUsageQuery): Promise<ChannelUsage> {
    return this.reports.channelUsage(query.month, mallScopeOf(identity, query.mallId));
  }
}
