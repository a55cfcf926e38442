import { Body, Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Audited, CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import { PERMISSIONS } from '@mallcare/policy';
import { Matches } from 'class-validator';
import { ErasureService, type ErasureResult } from './erasure.service';

export class SubjectLookupDto {
  @ApiProperty({ example: '13812345678', description: 'Sent in the body, never in a URL, so it stays out of access logs' })
  @Matches(/^(?=(?:\D*\d){5})[0-9+()\s.-]{5,30}$/, { message: 'phone must be a phone number' })
  phone!: string;
}

class ErasureResponse {
  @ApiProperty() subjectId!: string;
  @ApiProperty() erasedAt!: string;
  @ApiProperty({ type: [String] }) complaintIds!: string[];
  @ApiProperty({ description: 'The person was erased before; nothing changed' }) alreadyErased!: boolean;
}

/** Who may erase a person: group admin and HQ operations for any mall, a mall GM for a person of their mall. */
const ERASERS = PERMISSIONS['personal-data.erase'];

@ApiTags('personal data')
@ApiBearerAuth()
@Controller('subjects')
export class SubjectsController {
  constructor(private readonly erasure: ErasureService) {}

  @Post(':subjectId/erasure')
  @HttpCode(HttpStatus.OK)
  @Roles(...ERASERS)
  @Audited({ action: 'personal-data.erased' })
  @ApiOperation({ summary: 'Erase a person: their data key and phone index are destroyed; their cases and timelines stay' })
  @ApiOkResponse({ type: ErasureResponse })
  @ApiNotFoundResponse({ description: 'No such person (or not at the caller’s mall)' })
  erase(@Param('subjectId', new ParseUUIDPipe()) subjectId: string, @CurrentIdentity() identity: Identity): Promise<ErasureResult> {
    return this.erasure.erase(identity, subjectId);
  }

  @Post('lookup')
  @HttpCode(HttpStatus.OK)
  @Roles(...ERASERS)
  @Audited({ action: 'personal-data.looked-up', subject: (_request, result) => (result as { subjectId: string }).subjectId })
  @ApiOperation({ summary: 'Find the person behind a phone number (by its blind index), e.g. for an erasure request' })
  lookup(@Body() dto: SubjectLookupDto, @CurrentIdentity() identity: Identity): Promise<{ subjectId: string; complaintIds: string[] }> {
    return this.erasure.lookupByPhone(identity, dto.phone);
  }
}
