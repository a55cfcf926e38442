import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import { CaseLibraryQuery, MarkCaseAsExampleDto } from '../reports/dto/report-queries.dto';
import { CaseLibraryEntryDto, CaseLibraryPageDto } from '../reports/dto/report-responses.dto';
import { REPORT_READER_ROLES } from '../reports/reports.controller';
import type { CaseLibraryEntry } from '../reports/report.types';
import { CaseLibraryService, type CaseLibraryPage } from './case-library.service';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics/case-library')
export class CaseLibraryController {
  constructor(private readonly library: CaseLibraryService) {}

  @Post()
  @ApiCreatedResponse({ type: CaseLibraryEntryDto })
  @Roles(...REPORT_READER_ROLES)
  @ApiOperation({ summary: 'Mark a resolved or closed case as a training example (422 if not resolved); records CaseMarkedAsExample' })
  mark(@CurrentIdentity() identity: Identity, @Body() body: MarkCaseAsExampleDto): Promise<CaseLibraryEntry> {
    return this.library.mark(identity, body.complaintId, body.note);
  }

  @Get()
  @ApiOkResponse({ type: CaseLibraryPageDto })
  @Roles(...REPORT_READER_ROLES)
  @ApiOperation({ summary: 'Search the case library by category and words; newest first, paged' })
  search(@CurrentIdentity() identity: Identity, @Query() query: CaseLibraryQuery): Promise<CaseLibraryPage> {
    return this.library.search(identity, { category: query.category, q: query.q }, query.limit ?? 50, query.offset ?? 0);
  }
}
