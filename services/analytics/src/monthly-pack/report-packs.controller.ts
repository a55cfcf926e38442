import { Controller, Get, HttpStatus, Logger, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { assertMallAccess, CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import { PERMISSIONS } from '@mallcare/policy';
import { HQ_PACK_SCOPE } from '@mallcare/contracts';
import type { Response } from 'express';
import { contentDisposition } from '../exports/export-file';
import { ExportsException } from '../exports.exception';
import { REPORT_READER_ROLES } from '../reports/reports.controller';
import { ReportPackPageDto } from '../reports/dto/report-responses.dto';
import { PackListQuery, PackRunQuery } from './dto/pack-queries.dto';
import { MonthlyPackRunner, type PackRunResult } from './monthly-pack.runner';
import { ReportPackRepository, type ReportPackSummary } from './report-pack.repository';

export interface ReportPackPage {
  total: number;
  limit: number;
  offset: number;
  packs: ReportPackSummary[];
}

/** The monthly packs the job produced: listed, downloaded, and produced on demand by a group admin. */
@ApiTags('analytics exports')
@ApiBearerAuth()
@Controller('analytics/packs')
export class ReportPacksController {
  private readonly logger = new Logger(ReportPacksController.name);

  constructor(
    private readonly store: ReportPackRepository,
    private readonly runner: MonthlyPackRunner,
  ) {}

  @Get()
  @ApiOkResponse({ type: ReportPackPageDto })
  @Roles(...REPORT_READER_ROLES)
  @ApiOperation({ summary: 'Stored monthly packs (newest first); a mall\'s staff see their mall\'s, HQ every mall\'s and its own roll-ups' })
  async list(@CurrentIdentity() identity: Identity, @Query() query: PackListQuery): Promise<ReportPackPage> {
    if (query.mallId !== undefined) assertMallAccess(identity, query.mallId);
    const scope = identity.mallId ?? query.mallId;
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const { total, packs } = await this.store.list({ month: query.month, scope }, limit, offset);
    return { total, limit, offset, packs };
  }

  @Get(':id')
  @Roles(...REPORT_READER_ROLES)
  @ApiOkResponse({ description: 'The stored file, with its SHA-256 in the ETag' })
  @ApiOperation({ summary: 'Download one stored pack file' })
  async download(@CurrentIdentity() identity: Identity, @Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    const pack = await this.store.get(id);
    // Another mall's pack, or HQ's for a mall's staff, answers as if it did not exist.
    const visible = pack !== null && (identity.mallId === null || (pack.scope !== HQ_PACK_SCOPE && pack.scope === identity.mallId));
    if (!pack || !visible) throw new ExportsException('EXPORTS_PACK_NOT_FOUND', `no pack ${id}`);
    response.status(200);
    response.setHeader('Content-Type', pack.contentType);
    response.setHeader('Content-Disposition', contentDisposition({ fileName: pack.fileName, asciiFileName: `${pack.scope}-${pack.month}-${pack.kind}${pack.fileName.slice(pack.fileName.lastIndexOf('.'))}` }));
    response.setHeader('ETag', `"${pack.sha256}"`);
    response.setHeader('X-Figures-As-Of', pack.figuresAsOf);
    response.end(pack.bytes);
  }

  @Post('run')
  @Roles(...PERMISSIONS['report.administer'])
  @ApiAcceptedResponse({ description: 'Started; the packs appear in GET /analytics/packs as they are stored' })
  @ApiOkResponse({ description: 'With wait=true: what the run produced, found already stored, or failed' })
  @ApiConflictResponse({ description: 'A run holds the lock (here or on another instance)' })
  @ApiOperation({ summary: 'Produce a month\'s packs now (what is already stored is kept, not duplicated)' })
  async run(@CurrentIdentity() identity: Identity, @Query() query: PackRunQuery, @Res({ passthrough: true }) response: Response): Promise<PackRunResult | { month: string; status: 'running' }> {
    const run = await this.runner.start(query.month, 'manual', { type: 'staff', id: identity.staffId });
    if (!run.started) throw new ExportsException('EXPORTS_PACK_RUN_IN_PROGRESS', 'monthly packs are being produced by another run; try again when it has finished');
    if (query.wait) {
      response.status(HttpStatus.OK);
      return run.done;
    }
    run.done.catch((error: unknown) => this.logger.error(`monthly packs of ${query.month} failed: ${error instanceof Error ? error.message : String(error)}`));
    response.status(HttpStatus.ACCEPTED);
    return { month: query.month, status: 'running' };
  }
}
