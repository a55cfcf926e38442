import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { assertMallAccess, CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import type { Request, Response } from 'express';
import { CASE_READER_ROLES } from '../cases/case-access';
import { LiveChangeDto } from './live-change.dto';
import { LiveQueryDto } from './live-query.dto';
import { LiveStreamsService } from './live-streams.service';

/**
 * Server-sent events rather than a WebSocket: the flow is one-way (server to console), it is plain HTTP
 * through the gateway and any proxy, the bearer token and the mall check are the same guard as every
 * other read, and resuming by Last-Event-ID is part of the protocol.
 */
@ApiTags('live')
@ApiBearerAuth()
@ApiExtraModels(LiveChangeDto)
@Controller('live')
export class LiveController {
  constructor(private readonly streams: LiveStreamsService) {}

  @Get()
  @Roles(...CASE_READER_ROLES)
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last change received: resume after it, or get `event: resync`' })
  @ApiOperation({
    summary: 'Live updates: a text/event-stream of changes to complaints, cases, clocks and callbacks of the caller’s mall (HQ: all, or ?mallId=)',
    description:
      'Each message: `id: <resume token>`, `event: change`, `data:` a LiveChange (ids and types only, nothing personal). ' +
      'A `: heartbeat` comment every 15 s. After a reconnect with Last-Event-ID the missed changes follow, or `event: resync` when they are no longer kept: reload the lists.',
  })
  @ApiOkResponse({ description: 'The stream; each `change` message’s data', content: { 'text/event-stream': { schema: { $ref: getSchemaPath(LiveChangeDto) } } } })
  open(
    @Query() query: LiveQueryDto,
    @CurrentIdentity() identity: Identity,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): void {
    if (query.mallId) assertMallAccess(identity, query.mallId);
    this.streams.open({ mallId: identity.mallId ?? query.mallId ?? null, lastEventId, request, response });
  }
}
