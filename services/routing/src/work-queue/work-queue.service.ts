import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { assertMallAccess, Clock, type Identity } from '@mallcare/platform';
import { DataSource } from 'typeorm';
import type { CaseQueueQueryDto } from '../cases/dto/case-queue-query.dto';
import { gradeOf, nearestDeadlineOf, type QueueClock, type QueueClockState, type QueueGrade } from './case-clocks';
import type { WorkQueueQueryDto } from './dto/work-queue-query.dto';

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

/** What a queue is narrowed to; the mall always by the caller's scope. */
interface QueueFilters {
  mallId?: string;
  assigneeStaffId?: string;
  unassigned?: boolean;
  departmentId?: string;
  status?: string;
  category?: string;
  severity?: string;
  overdue?: boolean;
  complaintIds?: string[];
  limit?: number;
  offset?: number;
}

interface QueueRow {
  complaint_id: string;
  case_number: string | null;
  mall_id: string;
  kind: string | null;
  category: string | null;
  channel: string | null;
  complainant_type: string | null;
  written: boolean;
  collective: boolean;
  member_of_collective_id: string | null;
  description: string | null;
  status: string;
  severity: string | null;
  validity: string | null;
  responsibility: string | null;
  owning_department_id: string | null;
  handling_department_id: string | null;
  assignee_staff_id: string | null;
  assisting_department_ids: string[];
  media_risk: boolean;
  repeat_count: number;
  received_at: Date | null;
  resolved_at: Date | null;
  version: number;
  updated_at: Date;
  clocks: QueueClock[] | null;
  total: string;
}

const SUMMARY_LENGTH = 140;
const ROW_SUMMARY_LENGTH = 60;
const summaryOf = (description: string | null, length: number): string | null => (description && description.length > length ? `${description.slice(0, length)}…` : description);
const iso = (value: Date | null): string | null => (value ? new Date(value).toISOString() : null);

/** What a queue row needs of case_queue (the description is cut to the summary in SQL: it may be long). */
const ROW_COLUMNS = `q.complaint_id, q.case_number, q.status, q.severity, q.category, q.assignee_staff_id, left(q.description, ${ROW_SUMMARY_LENGTH + 1}) AS description, q.received_at`;

const departmentRequired = (): BadRequestException =>
  new BadRequestException({ message: 'request is invalid', errors: [{ field: 'departmentId', messages: ['is required for staff who belong to no department'] }] });

/**
 * The departments' work queues, each row with the clocks sla-monitor holds the case to (its events,
 * routing.case_clocks), sorted by the nearest running deadline, with no cap: pages and a total.
 */
@Injectable()
export class WorkQueueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** `GET /cases`: the first queue's filters, as they were. */
  async list(identity: Identity, query: CaseQueueQueryDto, now: Date = this.clock.now()): Promise<QueuePage> {
    const page = await this.query(
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
      'q.*',
    );
    const { rows, ...paging } = page;
    return { ...paging, items: rows.map((row) => this.toItem(row, now)) };
  }

  /** `GET /cases/queues/{mine,department,unassigned}`: open cases unless a status is asked for. */
  async view(identity: Identity, view: WorkQueueView, query: WorkQueueQueryDto, now: Date = this.clock.now()): Promise<QueuePage<QueueRowItem>> {
    const department = query.departmentId ?? identity.departmentId ?? undefined;
    if (view === 'department' && !department) throw departmentRequired();
    const page = await this.query(
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
      ROW_COLUMNS,
    );
    const { rows, ...paging } = page;
    return { ...paging, items: rows.map((row) => this.toRow(row)) };
  }

  /** One page of matching rows, `columns` of case_queue with the clocks, in the queue's order. */
  private async query(identity: Identity, filters: QueueFilters, now: Date, columns: string): Promise<Omit<QueuePage, 'items'> & { rows: QueueRow[] }> {
    const limit = filters.limit ?? 50;
    const offset = filters.offset ?? 0;
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };

    // A mall's staff see their own mall only; HQ (mallId null) every mall, or the one asked for.
    if (filters.mallId) assertMallAccess(identity, filters.mallId);
    const mallId = identity.mallId ?? filters.mallId;
    if (mallId) where.push(`q.mall_id = ${param(mallId)}`);
    if (filters.assigneeStaffId) where.push(`q.assignee_staff_id = ${param(filters.assigneeStaffId)}`);
    if (filters.unassigned) where.push(`q.assignee_staff_id IS NULL`);
    if (filters.departmentId) {
      const department = param(filters.departmentId);
      where.push(`(q.handling_department_id = ${department} OR ${department} = ANY (q.assisting_department_ids))`);
    }
    if (filters.status === 'open') where.push(`q.status <> 'resolved'`);
    else if (filters.status) where.push(`q.status = ${param(filters.status)}`);
    if (filters.complaintIds) where.push(`q.complaint_id = ANY (${param(filters.complaintIds)}::uuid[])`);
    if (filters.category) where.push(`q.category = ${param(filters.category)}`);
    if (filters.severity) where.push(`q.severity = ${param(filters.severity)}`);
    if (filters.overdue !== undefined) {
      // Overdue: the nearest deadline sla-monitor holds the case to has passed (a clock breached and unmet, or about to be).
      const overdue = `(c.next_due_at <= ${param(now.toISOString())}::timestamptz)`;
      where.push(filters.overdue ? overdue : `NOT coalesce(${overdue}, false)`);
    }

    const rows: QueueRow[] = await this.dataSource.query(
      `SELECT ${columns}, c.clocks, count(*) OVER () AS total
       FROM routing.case_queue q LEFT JOIN routing.case_clocks c ON c.complaint_id = q.complaint_id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY q.status = 'resolved', c.next_due_at ASC NULLS LAST, q.received_at ASC NULLS LAST, q.complaint_id
       LIMIT ${param(limit)} OFFSET ${param(offset)}`,
      params,
    );
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
