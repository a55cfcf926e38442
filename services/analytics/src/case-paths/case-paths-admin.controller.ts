import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@mallcare/platform';
import { PERMISSIONS } from '@mallcare/policy';
import { CasePathsRebuildService } from './case-paths-rebuild.service';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics/admin')
export class CasePathsAdminController {
  constructor(private readonly rebuilds: CasePathsRebuildService) {}

  @Post('rebuild')
  @HttpCode(HttpStatus.OK)
  @Roles(...PERMISSIONS['report.administer'])
  @ApiOperation({ summary: 'Rebuild the case paths from position zero of the PostgreSQL logs, swap them in, refresh the figures (409 while one runs)' })
  rebuild(): ReturnType<CasePathsRebuildService['rebuild']> {
    return this.rebuilds.rebuild();
  }
}
