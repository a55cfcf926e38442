import { Controller, Get, Headers, Ip, Param, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@mallcare/platform';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IntakeException } from '../intake.exception';
import { LOOKUP_CODE_PATTERN } from './case-status';
import { StatusLookupService } from './status-lookup.service';

export class CaseStatusQuery {
  @IsOptional()
  @IsString()
  @MaxLength(16)
  code?: string;
}

@ApiTags('customers')
@Public()
@Controller('public/cases')
export class StatusLookupController {
  constructor(private readonly lookups: StatusLookupService) {}

  @Get(':caseNumber')
  @ApiOperation({ summary: 'A customer looks up their case: stage and result, by case number and the code given at registration' })
  @ApiHeader({ name: 'X-Case-Code', required: false, description: 'The code (preferred to ?code=, which may end up in logs)' })
  status(@Param('caseNumber') caseNumber: string, @Query() query: CaseStatusQuery, @Ip() ip: string, @Headers('x-case-code') header?: string) {
    const code = (header ?? query.code ?? '').trim().toUpperCase();
    if (!/^[A-Z0-9]{2,8}-\d{8}-\d{4,}$/.test(caseNumber) || !LOOKUP_CODE_PATTERN.test(code)) {
      throw new IntakeException('INTAKE_COMPLAINT_NOT_FOUND', 'no case with this number and code');
    }
    return this.lookups.lookup(caseNumber, code, ip);
  }
}
