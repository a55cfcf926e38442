import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { CaseCountsService } from './case-counts.service';

export class CaseCountsQuery {
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,8}$/, { message: 'mallId must be a mall code of 2–8 capital letters or digits' })
  mallId?: string;
}

@ApiTags('analytics')
@Controller('analytics')
export class CaseCountsController {
  constructor(private readonly counts: CaseCountsService) {}

  @Get('counts')
  get(@Query() query: CaseCountsQuery) {
    return this.counts.counts(query.mallId);
  }
}
