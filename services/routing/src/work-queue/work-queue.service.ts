import { BadRequestException, Injectable } from '@nestjs/common';
import { assertMallAccess, Clock, type Identity } from '@mallcare/platform';
import type { CaseQueueQueryDto } from '../cases/dto/case-queue-query.dto';
import { gradeOf, nearestDeadlineOf, type QueueClockState, type QueueGrade } from './case-clocks';
import type { WorkQueueQueryDto } from './dto/work-queue-query.dto';
import { ROW_SUMMARY_LENGTH, WorkQueueRepository, type QueueColumns, type QueueFilters, type QueueRow } from './work-queue.repository';

/** A clock of the case as sla-monitor holds it. */
export interface QueueItemClock {
  clockId: string;
  kind: string;
  state: QueueClockState;
  deadline: string;
  warningAt: string | null;
  pausedReason: string | null;
}

export interface QueueItem {
  complaintId: string;
  caseNumber: string | null;
  mallId: string;
  kind: string | null;
  category: string | null;
  channel: string | null;
  complainantType: string | null;
  written: boolean;
  collective: boolean;
  /** The collective case this registration belongs to, if any. */
  memberOfCollectiveId: string | null;
  summary: string | null;
  status: string;
  severity: string | null;
  validity: string | null;
  responsibility: string | null;
  owningDepartmentId: string | null;
  handlingDepartmentId: string | null;
  assigneeStaffId: string | null;
  assistingDepartmentIds: string[];
  mediaRisk: boolean;
  repeatCount: number;
  receivedAt: string | null;
  /** The nearest deadline sla-monitor holds the case to (kept for the first queue's callers; = nearestDeadline). */
  dueAt: string | null;
  nearestDeadline: string | null;
  overdue: boolean;
  grade: QueueGrade;
  clocks: QueueItemClock[];
  resolvedAt: string | null;
  version: number;
  updatedAt: string;
}

/** An open clock as a queue row carries it: what the countdown grades, nothing more. */
export interface QueueRowClock {
  kind: string;
  state: QueueClockState;
  deadline: string;
  warningAt?: string;
  pausedReason?: string;
}

/**
 * A row of a work queue view, as lean as the row on screen: thousands are read at once. The case's
 * other facts and every clock (met ones too) are read when it is hovered or opened.
 */
export interface QueueRowItem {
  complaintId: string;
  caseNumber: string | null;
  status: string;
  severity: string | null;
  category: string | null;
  assigneeStaffId: string | null;
  /** The description's first ROW_SUMMARY_LENGTH characters. */
  summary: string | null;
  receivedAt: string | null;
  nearestDeadline: string | null;
  /** The clocks not met (running, breached, paused), by deadline. */
  clocks: QueueRowClock[];
}

export interface QueuePage<Item = QueueItem> {
  items: Item[];
  total: number;
  limit: number;
  offset: number;
  nextOffset: number | null;
}

export const WORK_QUEUE_VIEWS = ['mine', 'department', 'unassigned'] as const;
export type WorkQueueView = (typeof WORK_QUEUE_VIEWS)[number];

const SUMMARY_LENGTH = 140;
const summaryOf = (description: string | null, length: number): string | null => (description && description.length > length ? `${description.slice(0, length)}…` : description);
const iso = (value: Date | null): string | null => (value ? new Date(value).toISOString() : null);

const departmentRequired = (): BadRequestException =>
  new BadRequestException({ message: 'request is invalid', errors: [{ field: 'departmentId', messages: ['is required for staff who belong to no department'] }] });

/**
 * The departments' work queues, each row with the clocks sla-monitor holds the case to (its events,
 * routing.case_clocks), sorted by the nearest running deadline, with no cap: pages and a total.
 */
@Injectable()
export class WorkQueueService {
  constructor(
    private readonly queue: WorkQueueRepository,
    private readonly clock: Clock,
  ) {}

  /** `GET /cases`: the first queue's filters, as they were. */
  async list(identity: Identity, query: CaseQueueQueryDto, now: Date = this.clock.now()): Promise<QueuePage> {
    const page = await this.page(
      identity,
      {
        mallId: query.mallId,
        assigneeStaffId: query.mine ? identity.staffId : undefined,
        departmentId: query.departmentId,
        status: query.status,
        severity: query.severity,
        overdue: query.overdue,
        complaintIds: query.complaintIds,
        limit: query.limit,
        offset: query.offset,
      },
      now,
      'case',
    );
    const { rows, ...paging } = page;
    return { ...paging, items: rows.map((row) => this.toItem(row, now)) };
  }

  /** `GET /cases/queues/{mine,department,unassigned}`: open cases unless a status is asked for. */
  async view(identity: Identity, view: WorkQueueView, query: WorkQueueQueryDto, now: Date = this.clock.now()): Promise<QueuePage<QueueRowItem>> {
    const department = query.departmentId ?? identity.departmentId ?? undefined;
    if (view === 'department' && !department) throw departmentRequired();
    const page = await this.page(
      identity,
      {
        mallId: query.mallId,
        assigneeStaffId: view === 'mine' ? identity.staffId : undefined,
        unassigned: view === 'unassigned',
        departmentId: view === 'mine' ? query.departmentId : department,
        status: query.status ?? 'open',
        category: query.category,
        severity: query.severity,
        overdue: query.overdue,
        complaintIds: query.complaintIds,
        limit: query.limit,
        offset: query.offset,
      },
      now,
      'row',
    );
    const { rows, ...paging } = page;
    return { ...paging, items: rows.map((row) => this.toRow(row)) };
  }

  /** One page of matching rows in the queue's order: a mall's staff see their own mall only; HQ (mallId null) every mall, or the one asked for. */
  private async page(
    identity: Identity,
    filters: Omit<QueueFilters, 'limit' | 'offset'> & { limit?: number; offset?: number },
    now: Date,
    columns: QueueColumns,
  ): Promise<Omit<QueuePage, 'items'> & { rows: QueueRow[] }> {
    const limit = filters.limit ?? 50;
    const offset = filters.offset ?? 0;
    if (filters.mallId) assertMallAccess(identity, filters.mallId);
    const rows = await this.queue.page({ ...filters, mallId: identity.mallId ?? filters.mallId, limit, offset }, now, columns);
    const total = rows.length > 0 ? Number(rows[0].total) : 0;
    return {
      rows,
      total,
      limit,
      offset,
      nextOffset: offset + rows.length < total ? offset + rows.length : null,
    };
  }

  private toRow(row: QueueRow): QueueRowItem {
    const clocks = row.clocks ?? [];
    return {
      complaintId: row.complaint_id,
      caseNumber: row.case_number,
      status: row.status,
      severity: row.severity,
      category: row.category,
      assigneeStaffId: row.assignee_staff_id,
      summary: summaryOf(row.description, ROW_SUMMARY_LENGTH),
      receivedAt: iso(row.received_at),
      nearestDeadline: nearestDeadlineOf(clocks),
      clocks: clocks
        .filter((clock) => clock.state !== 'met')
        .sort((a, b) => Date.parse(a.deadline) - Date.parse(b.deadline))
        .map(({ kind, state, deadline, warningAt, pausedReason }) => ({ kind, state, deadline, ...(warningAt ? { warningAt } : {}), ...(pausedReason ? { pausedReason } : {}) })),
    };
  }

  private toItem(row: QueueRow, now: Date): QueueItem {
    const clocks = row.clocks ?? [];
    const nearestDeadline = nearestDeadlineOf(clocks);
    return {
      complaintId: row.complaint_id,
      caseNumber: row.case_number,
      mallId: row.mall_id,
      kind: row.kind,
      category: row.category,
      channel: row.channel,
      complainantType: row.complainant_type,
      written: row.written,
      collective: row.collective,
      memberOfCollectiveId: row.member_of_collective_id,
      summary: summaryOf(row.description, SUMMARY_LENGTH),
      status: row.status,
      severity: row.severity,
      validity: row.validity,
      responsibility: row.responsibility,
      owningDepartmentId: row.owning_department_id,
      handlingDepartmentId: row.handling_department_id,
      assigneeStaffId: row.assignee_staff_id,
      assistingDepartmentIds: row.assisting_department_ids,
      mediaRisk: row.media_risk,
      repeatCount: row.repeat_count,
      receivedAt: iso(row.received_at),
      dueAt: nearestDeadline,
      nearestDeadline,
      overdue: nearestDeadline !== null && Date.parse(nearestDeadline) <= now.getTime(),
      grade: gradeOf(clocks, now),
      clocks: clocks.map(({ clockId, kind, state, deadline, warningAt, pausedReason }) => ({ clockId, kind, state, deadline, warningAt, pausedReason })),
      resolvedAt: iso(row.resolved_at),
      version: row.version,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }
}
