import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import { PERMISSIONS } from '@mallcare/policy';
import { CallbacksService, type CallbackCommandResult, type CallbackPage, type CallbackView, type DueCallback } from './callbacks.service';
import { RecordAttemptDto, RecordOutcomeDto } from './dto/callback-commands.dto';
import { CallbackQueueQueryDto, DueCallbacksQuery } from './dto/callback-queue-query.dto';

/** Who works the callback desk; HQ reads it. Which callbacks a department may record is checked per case. */
const DESK_ROLES = PERMISSIONS['callback.record'];
const READERS = PERMISSIONS['callback.read'];

@ApiTags('callbacks')
@ApiBearerAuth()
@Controller('callbacks')
export class CallbacksController {
  constructor(private readonly callbacks: CallbacksService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'The callback desk’s queue per mall: callbacks still due (today, overdue), attempts so far; paged' })
  queue(@CurrentIdentity() identity: Identity, @Query() query: CallbackQueueQueryDto): Promise<CallbackPage> {
    return this.callbacks.queue(identity, query);
  }

  @Get('due')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Every callback still due, soonest first (the thin path’s list)' })
  due(@CurrentIdentity() identity: Identity, @Query() query: DueCallbacksQuery): Promise<DueCallback[]> {
    return this.callbacks.due(identity, query.mallId);
  }

  @Get(':complaintId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A case’s callback: due, attempts, outcome, and its history' })
  view(@Param('complaintId', new ParseUUIDPipe()) complaintId: string, @CurrentIdentity() identity: Identity): Promise<CallbackView> {
    return this.callbacks.view(complaintId, identity);
  }

  @Post(':complaintId/attempts')
  @Roles(...DESK_ROLES)
  @ApiOperation({ summary: 'Record an attempt (phone, visit, letter, WeChat), reached or not; the policy’s failed attempts end it as unreachable' })
  attempt(@Param('complaintId', new ParseUUIDPipe()) complaintId: string, @CurrentIdentity() identity: Identity, @Body() dto: RecordAttemptDto): Promise<CallbackCommandResult> {
    return this.callbacks.recordAttempt(complaintId, identity, dto);
  }

  @Post(':complaintId/outcome')
  @Roles(...DESK_ROLES)
  @ApiOperation({ summary: 'Record the outcome: satisfied and solved closes the case; otherwise routing reopens it' })
  outcome(@Param('complaintId', new ParseUUIDPipe()) complaintId: string, @CurrentIdentity() identity: Identity, @Body() dto: RecordOutcomeDto): Promise<CallbackCommandResult> {
    return this.callbacks.recordOutcome(complaintId, identity, dto);
  }
}
