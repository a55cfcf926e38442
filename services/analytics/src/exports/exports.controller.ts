import { BadRequestException, Controller, Get, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { assertMallAccess, CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import type { Response } from 'express';
import { HQ_ROLES, REPORT_READER_ROLES } from '../reports/reports.controller';
import { MonthQuery, RollupQuery } from '../reports/dto/report-queries.dto';
import { ExportMonthDetailQuery, ExportWeekQuery, MallExportParams } from './dto/export-queries.dto';
import { CONTENT_TYPES, contentDisposition, type PreparedExport } from './export-file';
import { ExportsService } from './exports.service';

const rollupPeriod = (query: RollupQuery): string => {
  const periods = [query.month, query.quarter, query.year].filter((value): value is string => value !== undefined);
  if (periods.length !== 1) throw new BadRequestException({ message: 'request is invalid', errors: [{ field: 'month', messages: ['give exactly one of month, quarter or year'] }] });
  return periods[0];
};

/**
 * Downloads of the reports as files people already know: XLSX workbooks, CSV, the monthly analysis
 * as PDF. Same roles as the reports: a mall's managers and GM their mall, HQ every mall.
 */
@ApiTags('analytics exports')
@ApiBearerAuth()
@Controller('analytics')
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(private readonly exports: ExportsService) {}

  @Get('malls/:mallId/exports/monthly.xlsx')
  @Roles(...REPORT_READER_ROLES)
  @ApiProduces(CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'Workbook: 客诉月报明细 (one row per case) and 客诉月报分析' })
  @ApiOperation({ summary: 'A mall\'s month as an Excel workbook (detail + analysis), streamed' })
  async monthlyWorkbook(@CurrentIdentity() identity: Identity, @Param() params: MallExportParams, @Query() query: MonthQuery, @Res() response: Response): Promise<void> {
    assertMallAccess(identity, params.mallId);
    await this.send(response, await this.exports.monthlyWorkbook(params.mallId, query.month));
  }

  @Get('malls/:mallId/exports/weekly.xlsx')
  @Roles(...REPORT_READER_ROLES)
  @ApiProduces(CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'Workbook: 客诉周报明细' })
  @ApiOperation({ summary: 'A mall\'s ISO week as an Excel workbook (one row per case, optionally filtered), streamed' })
  async weeklyWorkbook(@CurrentIdentity() identity: Identity, @Param() params: MallExportParams, @Query() query: ExportWeekQuery, @Res() response: Response): Promise<void> {
    assertMallAccess(identity, params.mallId);
    const { week, ...filters } = query;
    await this.send(response, await this.exports.weeklyWorkbook(params.mallId, week, filters));
  }

  @Get('malls/:mallId/exports/monthly-detail.csv')
  @Roles(...REPORT_READER_ROLES)
  @ApiProduces(CONTENT_TYPES.csv)
  @ApiOkResponse({ description: 'CSV (UTF-8 with BOM, RFC 4180), the columns of 客诉月报明细' })
  @ApiOperation({ summary: 'A mall\'s monthly detail as CSV (optionally filtered), streamed' })
  async monthlyDetailCsv(@CurrentIdentity() identity: Identity, @Param() params: MallExportParams, @Query() query: ExportMonthDetailQuery, @Res() response: Response): Promise<void> {
    assertMallAccess(identity, params.mallId);
    const { month, ...filters } = query;
    await this.send(response, await this.exports.monthlyDetailCsv(params.mallId, month, filters));
  }

  @Get('malls/:mallId/exports/monthly-analysis.pdf')
  @Roles(...REPORT_READER_ROLES)
  @ApiProduces(CONTENT_TYPES.pdf)
  @ApiOkResponse({ description: '客诉月报分析 with its charts' })
  @ApiServiceUnavailableResponse({ description: 'No CJK font on this host (fonts-noto-cjk or ANALYTICS_CJK_FONT)' })
  @ApiOperation({ summary: 'A mall\'s monthly analysis as PDF' })
  async monthlyAnalysisPdf(@CurrentIdentity() identity: Identity, @Param() params: MallExportParams, @Query() query: MonthQuery, @Res() response: Response): Promise<void> {
    assertMallAccess(identity, params.mallId);
    await this.send(response, await this.exports.monthlyAnalysisPdf(params.mallId, query.month));
  }

  @Get('hq/exports/rollup.xlsx')
  @Roles(...HQ_ROLES)
  @ApiProduces(CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'Workbook: 集团月报汇总 (group total, every mall by rank, targets met or missed) and 集团月报分析; 季报/年报 for a quarter or year' })
  @ApiOperation({ summary: 'HQ\'s roll-up of every mall for a month, quarter or year as an Excel workbook' })
  async rollupWorkbook(@Query() query: RollupQuery, @Res() response: Response): Promise<void> {
    await this.send(response, await this.exports.rollupWorkbook(rollupPeriod(query)));
  }

  @Get('hq/exports/rollup.pdf')
  @Roles(...HQ_ROLES)
  @ApiProduces(CONTENT_TYPES.pdf)
  @ApiOkResponse({ description: 'The roll-up\'s analysis: group targets, ranking, rates by mall as a chart' })
  @ApiServiceUnavailableResponse({ description: 'No CJK font on this host (fonts-noto-cjk or ANALYTICS_CJK_FONT)' })
  @ApiOperation({ summary: 'HQ\'s roll-up for a month, quarter or year as PDF' })
  async rollupPdf(@Query() query: RollupQuery, @Res() response: Response): Promise<void> {
    await this.send(response, await this.exports.rollupPdf(rollupPeriod(query)));
  }

  /** Headers, then the bytes; a failure after the first byte can only cut the download, so it is logged and the connection closed. */
  private async send(response: Response, file: PreparedExport): Promise<void> {
    response.status(200);
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Disposition', contentDisposition(file));
    response.setHeader('X-Figures-As-Of', file.figuresAsOf);
    response.setHeader('Cache-Control', 'private, no-store');
    try {
      await file.write(response);
      if (!response.writableEnded) response.end();
    } catch (error) {
      // Nothing sent yet: the error filter still answers with a proper status and problem details.
      if (!response.headersSent) {
        response.removeHeader('Content-Disposition');
        throw error;
      }
      this.logger.error(`export ${file.asciiFileName} failed while streaming: ${error instanceof Error ? error.message : String(error)}`);
      response.destroy(error instanceof Error ? error : undefined);
    }
  }
}
