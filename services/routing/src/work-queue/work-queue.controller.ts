import { applyDecorators, Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentIdentity, Roles, type Identity } from '@mallcare/platform';
import { CASE_READER_ROLES } from '../cases/case-access';
import { WorkQueueRowPageDto } from './dto/work-queue-page.dto';
import { WorkQueueQueryDto } from './dto/work-queue-query.dto';
import { WorkQueueService, type QueuePage, type QueueRowItem } from './work-queue.service';

/** One queue view: who may read it and what it answers (OpenAPI). */
const QueueView = (path: string, summary: string) =>
  applyDecorators(
    Get(path),
    Roles(...CASE_READER_ROLES),
    ApiOperation({ summary }),
    ApiOkResponse({ type: WorkQueueRowPageDto, description: 'Rows by nearest deadline, each with what the row shows and its open clocks; total counts every match' }),
    ApiBadRequestResponse({ description: 'A filter is wrong: problem details with the field and what it must be' }),
    ApiForbiddenResponse({ description: 'mallId names another mall than the caller’s' }),
  );

/**
 * The work queues of the staff console (issue 13): mine, my department's, unassigned; open cases by
 * default, sorted by the nearest deadline sla-monitor holds each case to, no cap on the size.
 */
@ApiTags('work-queue')
@ApiBearerAuth()
@Controller('cases/queues')
export class WorkQueueController {
  constructor(private readonly queues: WorkQueueService) {}

  @QueueView('mine', 'Cases assigned to me')
  mine(@CurrentIdentity() identity: Identity, @Query() query: WorkQueueQueryDto): Promise<QueuePage<QueueRowItem>> {
    return this.queues.view(identity, 'mine', query);
  }

  @QueueView('department', 'My department’s cases (handling or asked to assist); departmentId for staff of no department')
  department(@CurrentIdentity() identity: Identity, @Query() query: WorkQueueQueryDto): Promise<QueuePage<QueueRowItem>> {
    return this.queues.view(identity, 'department', query);
  }

  @QueueView('unassigned', 'Cases nobody holds, in my mall (and my department, if I belong to one)')
  unassigned(@CurrentIdentity() identity: Identity, @Query() query: WorkQueueQueryDto): Promise<QueuePage<QueueRowItem>> {
    return this.queues.view(identity, 'unassigned', query);
  }
}
