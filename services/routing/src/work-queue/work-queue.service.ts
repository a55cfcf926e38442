import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { assertMallAccess, type Identity } from '@mallcare/platform';
import { DataSource } from 'typeorm';
import type { CaseQueueQueryDto } from '../cases/dto/case-queue-query.dto';

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
  dueAt: string | null;
  overdue: boolean;
  resolvedAt: string | null;
  version: number;
  updatedAt: string;
}

export interface QueuePage {
  items: QueueItem[];
  total: number;
  limit: number;
  offset: number;
  nextOffset: number | null;
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
  due_at: Date | null;
  resolved_at: Date | null;
  version: number;
  updated_at: Date;
  total: string;
}

const SUMMARY_LENGTH = 140;
const iso = (value: Date | null): string | null => (value ? new Date(value).toISOString() : null);

/** The departments' work queues: mine, my department's (handling or helping), overdue, by status and severity. */
@Injectable()
export class WorkQueueService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(identity: Identity, query: CaseQueueQueryDto, now: Date = new Date()): Promise<QueuePage> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };

    // A mall's staff see their own mall only; HQ (mallId null) every mall, or the one asked for.
    if (query.mallId) assertMallAccess(identity, query.mallId);
    const mallId = identity.mallId ?? query.mallId;
    if (mallId) where.push(`mall_id = ${param(mallId)}`);
    if (query.mine) where.push(`assignee_staff_id = ${param(identity.staffId)}`);
    if (query.departmentId) {
      const department = param(query.departmentId);
      where.push(`(handling_department_id = ${department} OR ${department} = ANY (assisting_department_ids))`);
    }
    if (query.status === 'open') where.push(`status <> 'resolved'`);
    else if (query.status) where.push(`status = ${param(query.status)}`);
    if (query.severity) where.push(`severity = ${param(query.severity)}`);
    if (query.overdue !== undefined) {
      const overdue = `(status <> 'resolved' AND due_at < ${param(now.toISOString())}::timestamptz)`;
      where.push(query.overdue ? overdue : `NOT coalesce(${overdue}, false)`);
    }

    const rows: QueueRow[] = await this.dataSource.query(
      `SELECT *, count(*) OVER () AS total FROM routing.case_queue
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY status = 'resolved', due_at ASC NULLS LAST, received_at ASC NULLS LAST, complaint_id
       LIMIT ${param(limit)} OFFSET ${param(offset)}`,
      params,
    );
    const total = rows.length > 0 ? Number(rows[0].total) : 0;
    return {
      items: rows.map((row) => this.toItem(row, now)),
      total,
      limit,
      offset,
      nextOffset: offset + rows.length < total ? offset + rows.length : null,
    };
  }

  private toItem(row: QueueRow, now: Date): QueueItem {
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
      summary: row.description && row.description.length > SUMMARY_LENGTH ? `${row.description.slice(0, SUMMARY_LENGTH)}…` : row.description,
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
      dueAt: iso(row.due_at),
      overdue: row.status !== 'resolved' && row.due_at !== null && new Date(row.due_at).getTime() < now.getTime(),
      resolvedAt: iso(row.resolved_at),
      version: row.version,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }
}
