import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Audited, type AuditRule, CurrentIdentity, type Identity, Roles } from '@mallcare/platform';
import { PERMISSIONS } from '@mallcare/policy';
import type { Response } from 'express';
import { ComplaintQueries } from './complaint-queries.service';
import { ComplaintsService } from './complaints.service';
import { IntakeException } from '../intake.exception';
import { ListComplaintsQuery } from './list-complaints.query';
import { ComplaintRegisteredResponse, IDEMPOTENCY_KEY_PATTERN, RegisterComplaintDto } from './register-complaint.dto';

/** Everyone who works cases reads them (their own mall's; HQ all); SRE sees metrics only. */
const CASE_READERS = PERMISSIONS['case.read'];

/** A case read that showed the complainant's contact in clear is a read of personal data: audited. */
const CONTACT_READ: AuditRule = {
  action: 'personal-data.read',
  when: (result) => (result as { contactVisibility?: string; complainant?: unknown }).contactVisibility === 'full' && Boolean((result as { complainant?: unknown }).complainant),
  mallId: (_request, result) => (result as { mallId?: string }).mallId ?? null,
};

@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly queries: ComplaintQueries,
  ) {}

  @Post()
  @Roles(...PERMISSIONS['complaint.register'])
  @ApiOperation({ summary: 'Register a complaint, inquiry, request or suggestion from any channel' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key at the same mall returns the first answer and creates nothing' })
  @ApiCreatedResponse({ type: ComplaintRegisteredResponse, description: 'A new case (an inquiry comes back answered and closed)' })
  @ApiOkResponse({ type: ComplaintRegisteredResponse, description: 'The same person on an open matter: linked to the open case and counted, no new case' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown mall, channel not enabled at the mall, a rule of the channel, or an Idempotency-Key reused for another request' })
  async register(
    @Body() dto: RegisterComplaintDto,
    @CurrentIdentity() identity: Identity,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ComplaintRegisteredResponse> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw new IntakeException('INTAKE_IDEMPOTENCY_KEYS_DIFFER', 'Idempotency-Key must be 8–200 letters, digits or . _ : -', { field: 'Idempotency-Key' });
    }
    const answer = await this.complaints.register(dto, identity, idempotencyKey);
    response.status(answer.status);
    if (answer.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return answer.body;
  }

  @Get()
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: 'Cases by mall, kind, channel, category, status and receivedAt, newest first' })
  list(@Query() query: ListComplaintsQuery, @CurrentIdentity() identity: Identity) {
    return this.queries.list(identity, query);
  }

  @Get(':id')
  @Roles(...CASE_READERS)
  @Audited(CONTACT_READ)
  @ApiOperation({ summary: 'One case; the complainant’s contact in clear only for the roles that need it, masked otherwise' })
  @ApiOkResponse({ description: 'The case' })
  @ApiNotFoundResponse({ description: 'No such case, or it belongs to another mall' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity) {
    return this.queries.complaint(identity, id);
  }

  @Get(':id/timeline')
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: 'Who did what and when, from every service’s events' })
  @ApiOkResponse({ description: 'The case’s timeline, oldest first' })
  @ApiNotFoundResponse({ description: 'No such case, or it belongs to another mall' })
  timeline(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity) {
    return this.queries.timeline(identity, id);
  }
}
