import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { CurrentIdentity, mallScopeOf, type Identity } from '@mallcare/platform';
import { CaseCountsService } from './case-counts.service';

export class CaseCountsQuery {
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,8}$/, { message: 'mallId must be a mall code of 2–8 capital letters or digits' })
  mallId?: string;
}

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics')
export class CaseCountsController {
  constructor(private readonly counts: CaseCountsService) {}

  @Get('counts')
  @ApiOperation({ summary: 'Open/resolved/received counts by mall and handling department: a mall’s staff their own mall (403 for another), HQ every mall or the one asked for' })
  get(@CurrentIdentity() identity: Identity, @Query() query: CaseCountsQuery) {
    return this.counts.counts(mallScopeOf(identity, query.mallId));
  }
}
