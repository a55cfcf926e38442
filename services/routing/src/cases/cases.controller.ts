import { BadRequestException, Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import type { Response } from 'express';
import { APPROVER_ROLES, CASE_HANDLER_ROLES, CASE_READER_ROLES } from './case-access';
import { approverRoleOf, CasesService, type CaseView, type CommandContext, type CommandResult } from './cases.service';
import type { HandlingCommand } from './case.decider';
import { CaseQueueQueryDto } from './dto/case-queue-query.dto';
import {
  ApproveWrittenReplyDto,
  ClassifyCaseDto,
  IncidentReportDto,
  MediaRiskDto,
  OutsidePartyDto,
  ProgressNoteDto,
  ProposeResolutionDto,
  ReopenCaseDto,
  RequestAssistanceDto,
  TransferCaseDto,
  VerifyCaseDto,
} from './dto/handling-commands.dto';
import { ResolveCaseDto } from './dto/resolve-case.dto';
import { WorkQueuePageDto } from '../work-queue/dto/work-queue-page.dto';
import { WorkQueueService, type QueuePage } from '../work-queue/work-queue.service';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The case version the caller decided on (ETag of GET /cases/:id); a newer case answers 409 instead of applying the command.',
};

/** `"7"`, `W/"7"` or `7` → 7; anything else is a 400, not a silent "no check". */
const versionOf = (ifMatch: string | undefined): number | undefined => {
  if (ifMatch === undefined || ifMatch.trim() === '' || ifMatch.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
  if (!match) throw new BadRequestException({ message: 'request is invalid', errors: [{ field: 'If-Match', messages: ['must be a case version such as "7"'] }] });
  return Number(match[1]);
};

/**
 * The departments' handling of cases (DOMAIN §4, §5): work queues, one case, and one POST per
 * handling command. Each command is an event with the caller as actor; a command the case's state
 * does not allow answers 422 with the state and the allowed commands, a duplicate or stale one 409.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly queues: WorkQueueService,
  ) {}

  @Get()
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({ summary: 'Work queue: mine, a department’s (handling or assisting), overdue, by status and severity; paged (see also /cases/queues/…)' })
  @ApiOkResponse({ type: WorkQueuePageDto })
  queue(@CurrentIdentity() identity: Identity, @Query() query: CaseQueueQueryDto): Promise<QueuePage> {
    return this.queues.list(identity, query);
  }

  @Get(':id')
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({ summary: 'A case: its state, what the caller may do next, and its history' })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Res({ passthrough: true }) response: Response): Promise<CaseView> {
    const view = await this.cases.view(id, identity);
    response.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Post(':id/accept')
  @HttpCode(HttpStatus.OK)
  @Roles(...CASE_HANDLER_ROLES)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'The handling department takes the case on' })
  accept(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Headers('if-match') ifMatch?: string): Promise<CommandResult> {
    return this.run(id, identity, ifMatch, () => ({ type: 'AcceptCase', data: {} }));
  }

  @Post(':id/verify')
  @HttpCode(HttpStatus.OK)
  @Roles(...CASE_HANDLER_ROLES)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Record whether the complaint is valid, with the reason' })
  verify(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Body() dto: VerifyCaseDto, @Headers('if-match') ifMatch?: string): Promise<CommandResult> {
    return this.run(id, identity, ifMatch, () => ({ type: 'VerifyCase', data: { validity: dto.validity, reason: dto.reason } }));
  }

  @Post(':id/classify')
  @HttpCode(HttpStatus.OK)
  @Roles(...CASE_HANDLER_ROLES)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Record responsibility and severity with the criteria that applied (below a system-set severity only with overrideReason)' })
  classify(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Body() dto: ClassifyCaseDto, @Headers('if-match') ifMatch?: string): Promise<CommandResult> {
    return this.run(id, identity, ifMatch, () => ({
      type: 'ClassifyCase',
      data: { responsibility: dto.responsibility, severity: dto.severity, criteria: dto.criteria, note: dto.note, overrideReason: dto.overrideReason },
    }));
  }

  @Post(':id/progress-notes')
  @HttpCode(HttpStatus.OK)
  @Roles(...CASE_HANDLER_ROLES)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Note progress (handling, owning or assisting department)' })
  note(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Body() dto: ProgressNoteDto, @Headers('if-match') ifMatch?: string): Promise<CommandResult> {
    return this.run(id, identity, ifMatch, ({ identity: caller }) => ({
      type: 'AddProgressNote',
      data: { note: dto.note, ...(caller.departmentId ? { departmentId: caller.departmentId } : {}) },
    }));
  }

  @Post(':id/assistance-requests')
  @HttpCode(HttpStatus.OK)
  @Roles(...CASE_HANDLER_ROLES)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Ask another department of the mall to help; the case enters its queue' })
  requestAssistance(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentIdentity() identity: Identity,
    @Body() dto: RequestAssistanceDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandResult> {
    return this.run(id, identity, ifMatch, ({ mallId, policy }) => ({ type: 'RequestAssistance', data: { departmentId: dto.departmentId, reason: dto.reason, mallId, policy } }));
  }

  @Post(':id/transfer')
  @HttpCode(HttpStatus.OK)
  @Roles(...CASE_HANDLER_ROLES)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Move a wrongly routed case to another handling department, which gets a new responsible person' })
  transfer(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Body() dto: TransferCaseDto, @Headers('if-match') ifMatch?: string): Promise<CommandResult> {
    return this.run(id, identity, ifMatch, ({ mallId, policy, at }) => ({ type: 'TransferCase', data: { toDepartmentId: dto.toDepartmentId, reason: dto.reason, mallId, policy, at } }));
  }

  @Post(':id/outside-parties')
  @HttpCode(HttpStatus.OK)
  @Roles(...CASE_HANDLER_ROLES)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'For an assist case: the outside party it was passed to' })
  outsideParty(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Body() dto: OutsidePartyDto, @Headers('if-match') ifMatch?: string): Promise<CommandResult> {
    return this.run(id, identity, ifMatch, () => ({ type: 'RecordOutsideParty', data: { name: dto.name, partyKind: dto.partyKind, askedFor: dto.askedFor } }));
  }

  @Post(':id/media-risk')
  @HttpCode(HttpStatus.OK)
  @Roles(...CASE_HANDLER_ROLES)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Mark that the case may reach the media (GM and marketing to be told)' })
  mediaRisk(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Body() dto: MediaRiskDto, @Headers('if-match') ifMatch?: string): Promise<CommandResult> {
    return this.run(id, identity, ifMatch, () => ({ type: 'MarkMediaRisk', data: { reason: dto.reason } }));
  }

  @Post(':id/incident-report')
  @HttpCode(HttpStatus.OK)
  @Roles(...CASE_HANDLER_ROLES)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'File the incident report of a major or critical case (needed before it is resolved)' })
  incidentReport(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Body() dto: IncidentReportDto, @Headers('if-match') ifMatch?: string): Promise<CommandResult> {
    return this.run(id, identity, ifMatch, () => ({ type: 'FileIncidentReport', data: { summary: dto.summary, cause: dto.cause, impact: dto.impact, measures: dto.measures } }));
  }

  @Post(':id/resolution-proposal')
  @HttpCode(HttpStatus.OK)
  @Roles(...CASE_HANDLER_ROLES)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Propose how to settle the case' })
  propose(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Body() dto: ProposeResolutionDto, @Headers('if-match') ifMatch?: string): Promise<CommandResult> {
    return this.run(id, identity, ifMatch, () => ({ type: 'ProposeResolution', data: { proposal: dto.proposal } }));
  }

  @Post(':id/written-reply-approval')
  @HttpCode(HttpStatus.OK)
  @Roles(...APPROVER_ROLES)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'A leader approves the written reply of a written complaint (needed before it is resolved)' })
  approveReply(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentIdentity() identity: Identity,
    @Body() dto: ApproveWrittenReplyDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CommandResult> {
    return this.run(id, identity, ifMatch, ({ identity: caller }) => ({ type: 'ApproveWrittenReply', data: { reply: dto.reply, approverRole: approverRoleOf(caller) } }));
  }

  @Post(':id/resolve')
  @HttpCode(HttpStatus.OK)
  @Roles(...CASE_HANDLER_ROLES)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Resolve: what was done and what the customer was told (for invalid and non-responsible cases, the explanation)' })
  resolve(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Body() dto: ResolveCaseDto, @Headers('if-match') ifMatch?: string): Promise<CommandResult> {
    return this.run(id, identity, ifMatch, () => ({ type: 'ResolveCase', data: { actionTaken: dto.actionTaken, customerToldWhat: dto.customerToldWhat } }));
  }

  @Post(':id/reopen')
  @HttpCode(HttpStatus.OK)
  @Roles(...CASE_HANDLER_ROLES)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Reopen a resolved case, with the reason (e.g. not satisfied at callback)' })
  reopen(@Param('id', new ParseUUIDPipe()) id: string, @CurrentIdentity() identity: Identity, @Body() dto: ReopenCaseDto, @Headers('if-match') ifMatch?: string): Promise<CommandResult> {
    return this.run(id, identity, ifMatch, () => ({ type: 'ReopenCase', data: { reason: dto.reason } }));
  }

  private run(id: string, identity: Identity, ifMatch: string | undefined, build: (context: CommandContext) => HandlingCommand): Promise<CommandResult> {
    return this.cases.handle(id, identity, build, versionOf(ifMatch));
  }
}
