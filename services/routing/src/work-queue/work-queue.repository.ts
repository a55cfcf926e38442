import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { lockOrCreate, preparedQuery } from '@mallcare/event-store';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseState } from '../cases/case.decider';
import type { QueueClock } from './case-clocks';

/** What the queue shows beyond the case's state: taken from other services' events, or computed once. */
export interface QueueExtras {
  description?: string;
  repeatCount?: number;
  /** When the case was resolved, if the events just appended resolved it. */
  resolvedAt?: string;
}

export interface QueueRowSource {
  complaintId: string;
  mallId: string;
  state: CaseState;
  version: number;
  at: string;
}

/** What a queue is narrowed to, the mall already resolved from the caller's scope. */
export interface QueueFilters {
  mallId?: string;
  assigneeStaffId?: string;
  unassigned?: boolean;
  departmentId?: string;
  status?: string;
  category?: string;
  severity?: string;
  overdue?: boolean;
  complaintIds?: string[];
  limit: number;
  offset: number;
}

export interface QueueRow {
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

export const ROW_SUMMARY_LENGTH = 60;

/** What a queue row needs of case_queue (the description is cut to the summary in SQL: it may be long). */
const ROW_COLUMNS = `q.complaint_id, q.case_number, q.status, q.severity, q.category, q.assignee_staff_id, left(q.description, ${ROW_SUMMARY_LENGTH + 1}) AS description, q.received_at`;

/** `case`: every column of case_queue (a QueueItem); `row`: what a lean queue row shows. */
export type QueueColumns = 'case' | 'row';
const COLUMNS: Record<QueueColumns, string> = { case: 'q.*', row: ROW_COLUMNS };

/**
 * The work queue's read model: each case's queue row (routing.case_queue) and the clocks sla-monitor
 * holds it to (routing.case_clocks). Rows are written in the transaction that appended the events
 * (a command's, or a consumer's inbox transaction), so the queue never disagrees with the log.
 */
@Injectable()
export class WorkQueueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A case's queue row from its folded state. */
  async write(manager: EntityManager, { complaintId, mallId, state, version, at }: QueueRowSource, extras: QueueExtras = {}): Promise<void> {
    const facts = state.facts;
    await manager.query(
      `INSERT INTO routing.case_queue AS q
         (complaint_id, mall_id, case_number, kind, category, channel, complainant_type, written, collective, description,
          status, severity, validity, responsibility, owning_department_id, handling_department_id, assignee_staff_id,
          assisting_department_ids, media_risk, repeat_count, received_at, resolved_at, policy_version, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
       ON CONFLICT (complaint_id) DO UPDATE SET
         case_number = coalesce(EXCLUDED.case_number, q.case_number),
         kind = coalesce(EXCLUDED.kind, q.kind),
         category = coalesce(EXCLUDED.category, q.category),
         channel = coalesce(EXCLUDED.channel, q.channel),
         complainant_type = coalesce(EXCLUDED.complainant_type, q.complainant_type),
         written = EXCLUDED.written,
         collective = EXCLUDED.collective,
         description = coalesce(EXCLUDED.description, q.description),
         status = EXCLUDED.status,
         severity = EXCLUDED.severity,
         validity = EXCLUDED.validity,
         responsibility = EXCLUDED.responsibility,
         owning_department_id = EXCLUDED.owning_department_id,
         handling_department_id = EXCLUDED.handling_department_id,
         assignee_staff_id = EXCLUDED.assignee_staff_id,
         assisting_department_ids = EXCLUDED.assisting_department_ids,
         media_risk = EXCLUDED.media_risk,
         repeat_count = greatest(EXCLUDED.repeat_count, q.repeat_count),
         received_at = coalesce(EXCLUDED.received_at, q.received_at),
         resolved_at = CASE WHEN EXCLUDED.status = 'resolved' THEN coalesce(EXCLUDED.resolved_at, q.resolved_at) END,
         policy_version = EXCLUDED.policy_version,
         version = EXCLUDED.version,
         updated_at = EXCLUDED.updated_at`,
      [
        complaintId,
        mallId,
        facts?.caseNumber ?? null,
        facts?.kind ?? null,
        facts?.category ?? null,
        facts?.channel ?? null,
        facts?.complainantType ?? null,
        facts?.written ?? false,
        (facts?.collectiveMemberIds.length ?? 0) > 0,
        extras.description ?? null,
        state.status,
        state.severity,
        state.validity,
        state.responsibility,
        state.owningDepartmentId,
        state.handlingDepartmentId,
        state.assigneeStaffId,
        state.assistingDepartmentIds,
        state.mediaRisk,
        extras.repeatCount ?? 0,
        facts?.receivedAt ?? null,
        extras.resolvedAt ?? null,
        state.policyVersion,
        version,
        at,
      ],
    );
  }

  /** A repeat is shown in the queue even when it does not (yet) change the case. */
  async noteRepeat(manager: EntityManager, complaintId: string, repeatCount: number): Promise<void> {
    await manager.query(`UPDATE routing.case_queue SET repeat_count = greatest(repeat_count, $2) WHERE complaint_id = $1`, [complaintId, repeatCount]);
  }

  /** A member registration of a collective case points to it, so its handlers see the bigger matter. */
  async noteCollectiveMember(manager: EntityManager, complaintId: string, collectiveComplaintId: string): Promise<void> {
    await manager.query(`UPDATE routing.case_queue SET member_of_collective_id = $2 WHERE complaint_id = $1`, [complaintId, collectiveComplaintId]);
  }

  // The clocks statements run for every clock event: named, so PostgreSQL plans each once per connection.

  /**
   * The case's clocks, locked until the transaction ends; its row is created by its first clock event
   * (which may come before routing opened the case).
   */
  async lockClocks(manager: EntityManager, complaintId: string, mallId: string): Promise<QueueClock[]> {
    const row = await lockOrCreate<{ clocks: QueueClock[] }>(
      manager,
      { name: 'mallcare-routing-lock-clocks', text: `SELECT clocks FROM routing.case_clocks WHERE complaint_id = $1 FOR UPDATE`, values: [complaintId] },
      {
        name: 'mallcare-routing-open-clocks',
        text: `INSERT INTO routing.case_clocks (complaint_id, mall_id, clocks, next_due_at, updated_at) VALUES ($1, $2, '[]', NULL, now())
               ON CONFLICT (complaint_id) DO NOTHING`,
        values: [complaintId, mallId],
      },
    );
    return row.clocks;
  }

  async saveClocks(manager: EntityManager, complaintId: string, clocks: QueueClock[], nextDueAt: string | null): Promise<void> {
    await preparedQuery(
      { manager },
      'mallcare-routing-save-clocks',
      `UPDATE routing.case_clocks SET clocks = $2, next_due_at = $3, updated_at = now() WHERE complaint_id = $1`,
      [complaintId, JSON.stringify(clocks), nextDueAt],
    );
  }

  /** One page of matching rows with their clocks, in the queue's order; each row carries the total. */
  async page(filters: QueueFilters, now: Date, columns: QueueColumns): Promise<QueueRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };

    if (filters.mallId) where.push(`q.mall_id = ${param(filters.mallId)}`);
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

    return this.dataSource.query(
      `SELECT ${COLUMNS[columns]}, c.clocks, count(*) OVER () AS total
       FROM routing.case_queue q LEFT JOIN routing.case_clocks c ON c.complaint_id = q.complaint_id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY q.status = 'resolved', c.next_due_at ASC NULLS LAST, q.received_at ASC NULLS LAST, q.complaint_id
       LIMIT ${param(filters.limit)} OFFSET ${param(filters.offset)}`,
      params,
    );
  }
}
