import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ComplainantType, ComplaintEvent, Severity } from '@mallcare/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { CallbackStatus } from './callback.decider';

export interface CallbackRow {
  complaint_id: string;
  mall_id: string;
  case_number: string | null;
  owning_department_id: string;
  due_at: Date;
  status: CallbackStatus | 'withdrawn';
  round: number;
  attempts: number;
  failed_attempts: number;
  last_attempt_at: Date | null;
  closed_because: string | null;
  satisfaction: string | null;
}

/** What a desk command needs to know of the case before it decides. */
export interface DeskRow {
  mall_id: string;
  owning_department_id: string;
  status: CallbackRow['status'];
  complainant_type: ComplainantType | null;
  written: boolean | null;
  written_reply_approved: boolean | null;
}

/** The desk's queue, narrowed: `timeZone` is the mall's, for `today`. */
export interface CallbackQueueFilters {
  mallId: string | null;
  departmentId: string | null;
  due?: 'overdue' | 'today';
  now: Date;
  timeZone?: string;
  limit: number;
  offset: number;
}

const SELECT_CALLBACK = `SELECT c.complaint_id, c.mall_id, f.case_number, c.owning_department_id, c.due_at, c.status, c.round, c.attempts,
         c.failed_attempts, c.last_attempt_at, c.closed_because, c.satisfaction
  FROM callback.due_callbacks c LEFT JOIN callback.case_facts f ON f.complaint_id = c.complaint_id`;

/** The callback's read models: routing's facts of each case (case_facts), the desk's queue (due_callbacks) and the outcomes. */
@Injectable()
export class CallbacksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- routing's facts ----

  async noteCaseOpened(
    manager: EntityManager,
    { complaintId, mallId, caseNumber, complainantType, written }: { complaintId: string; mallId: string; caseNumber: string; complainantType: ComplainantType; written: boolean },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO callback.case_facts (complaint_id, mall_id, case_number, complainant_type, written) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (complaint_id) DO UPDATE SET case_number = EXCLUDED.case_number, complainant_type = EXCLUDED.complainant_type, written = EXCLUDED.written`,
      [complaintId, mallId, caseNumber, complainantType, written],
    );
  }

  async severityOf(manager: EntityManager, complaintId: string): Promise<Severity | null> {
    const [row]: { severity: Severity | null }[] = await manager.query(`SELECT severity FROM callback.case_facts WHERE complaint_id = $1`, [complaintId]);
    return row?.severity ?? null;
  }

  async setSeverity(manager: EntityManager, complaintId: string, mallId: string, severity: Severity | null): Promise<void> {
    await manager.query(
      `INSERT INTO callback.case_facts (complaint_id, mall_id, severity) VALUES ($1, $2, $3)
       ON CONFLICT (complaint_id) DO UPDATE SET severity = EXCLUDED.severity`,
      [complaintId, mallId, severity],
    );
  }

  async noteWrittenReplyApproved(manager: EntityManager, complaintId: string, mallId: string): Promise<void> {
    await manager.query(
      `INSERT INTO callback.case_facts (complaint_id, mall_id, written_reply_approved) VALUES ($1, $2, true)
       ON CONFLICT (complaint_id) DO UPDATE SET written_reply_approved = true`,
      [complaintId, mallId],
    );
  }

  /** A new reply is needed, and a callback still due waits for the new resolution. */
  async noteReopened(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE callback.case_facts SET written_reply_approved = false WHERE complaint_id = $1`, [id]);
    await manager.query(`UPDATE callback.due_callbacks SET status = 'withdrawn' WHERE complaint_id = $1 AND status = 'due'`, [id]);
  }

  async deskRowOf(manager: EntityManager, complaintId: string): Promise<DeskRow | undefined> {
    const [row]: DeskRow[] = await manager.query(
      `SELECT c.mall_id, c.owning_department_id, c.status, f.complainant_type, f.written, f.written_reply_approved
           FROM callback.due_callbacks c LEFT JOIN callback.case_facts f ON f.complaint_id = c.complaint_id WHERE c.complaint_id = $1`,
      [complaintId],
    );
    return row;
  }

  // ---- the desk's queue and the outcomes, written with the events ----

  async project(manager: EntityManager, events: ComplaintEvent[]): Promise<void> {
    for (const event of events) {
      const { complaintId: id, mallId, occurredAt, eventId } = event.metadata;
      switch (event.type) {
        case 'CallbackScheduled':
          await manager.query(
            `INSERT INTO callback.due_callbacks (complaint_id, mall_id, owning_department_id, due_at, status, round, resolved_at)
             VALUES ($1, $2, $3, $4, 'due', 1, $5)
             ON CONFLICT (complaint_id) DO UPDATE SET due_at = EXCLUDED.due_at, owning_department_id = EXCLUDED.owning_department_id, status = 'due',
               round = callback.due_callbacks.round + 1, resolved_at = EXCLUDED.resolved_at, attempts = 0, failed_attempts = 0,
               last_attempt_at = NULL, closed_because = NULL, satisfaction = NULL, completed_at = NULL`,
            [id, mallId, event.data.owningDepartmentId, event.data.dueAt, occurredAt],
          );
          break;
        case 'CallbackAttemptRecorded':
          await manager.query(
            `UPDATE callback.due_callbacks SET attempts = attempts + 1, failed_attempts = failed_attempts + $2, last_attempt_at = $3 WHERE complaint_id = $1`,
            [id, event.data.reached ? 0 : 1, occurredAt],
          );
          break;
        case 'CallbackOutcomeRecorded':
          await manager.query(`UPDATE callback.due_callbacks SET satisfaction = $2 WHERE complaint_id = $1`, [id, event.data.satisfaction]);
          await this.recordOutcomeRow(manager, eventId, id, event.data.satisfied ? 'satisfied' : 'not-satisfied', event.data.satisfaction, occurredAt);
          break;
        case 'CallbackUnreachable':
          await this.recordOutcomeRow(manager, eventId, id, 'unreachable', null, occurredAt);
          break;
        case 'CaseReopenRequested':
          await manager.query(`UPDATE callback.due_callbacks SET status = 'reopen-requested', completed_at = $2 WHERE complaint_id = $1`, [id, occurredAt]);
          break;
        case 'CaseClosed':
          await manager.query(`UPDATE callback.due_callbacks SET status = 'closed', closed_because = $2, completed_at = $3 WHERE complaint_id = $1`, [
            id,
            event.data.closedBecause,
            occurredAt,
          ]);
          break;
        default:
          break;
      }
    }
  }

  private async recordOutcomeRow(manager: EntityManager, eventId: string, complaintId: string, outcome: string, satisfaction: string | null, at: string): Promise<void> {
    await manager.query(
      `INSERT INTO callback.callback_outcomes (event_id, complaint_id, mall_id, round, outcome, satisfaction, recorded_at)
       SELECT $1, complaint_id, mall_id, round, $3, $4, $5 FROM callback.due_callbacks WHERE complaint_id = $2
       ON CONFLICT (event_id) DO NOTHING`,
      [eventId, complaintId, outcome, satisfaction, at],
    );
  }

  // ---- reads ----

  /** Callbacks still due, soonest first, and how many match. */
  async queue({ mallId, departmentId, due, now, timeZone, limit, offset }: CallbackQueueFilters): Promise<{ rows: CallbackRow[]; total: number }> {
    const params: unknown[] = [mallId, departmentId];
    const where = [`c.status = 'due'`, `($1::text IS NULL OR c.mall_id = $1)`, `($2::text IS NULL OR c.owning_department_id = $2)`];
    if (due === 'overdue') {
      params.push(now.toISOString());
      where.push(`c.due_at < $3`);
    }
    if (due === 'today') {
      params.push(now.toISOString(), timeZone);
      where.push(`c.due_at >= $3`, `c.due_at < ((date_trunc('day', $3::timestamptz AT TIME ZONE $4::text) + interval '1 day') AT TIME ZONE $4::text)`);
    }
    const filter = where.join(' AND ');
    const [rows, [{ count }]]: [CallbackRow[], { count: string }[]] = await Promise.all([
      this.dataSource.query(`${SELECT_CALLBACK} WHERE ${filter} ORDER BY c.due_at, c.complaint_id LIMIT ${limit} OFFSET ${offset}`, params),
      this.dataSource.query(`SELECT count(*) FROM callback.due_callbacks c WHERE ${filter}`, params),
    ]);
    return { rows, total: Number(count) };
  }

  due(mallId: string | null): Promise<CallbackRow[]> {
    return this.dataSource.query(`${SELECT_CALLBACK} WHERE c.status = 'due' AND ($1::text IS NULL OR c.mall_id = $1) ORDER BY c.due_at LIMIT 500`, [mallId]);
  }

  async rowOf(complaintId: string): Promise<CallbackRow | undefined> {
    const [row]: CallbackRow[] = await this.dataSource.query(`${SELECT_CALLBACK} WHERE c.complaint_id = $1`, [complaintId]);
    return row;
  }

  // ---- the gauges, read at each scrape (HQ samples are not counted) ----

  dueByMall(): Promise<{ mall_id: string; count: string }[]> {
    return this.dataSource.query(`SELECT mall_id, count(*) FROM callback.due_callbacks WHERE status = 'due' AND due_at >= now() GROUP BY mall_id`);
  }

  overdueByMall(): Promise<{ mall_id: string; count: string }[]> {
    return this.dataSource.query(`SELECT mall_id, count(*) FROM callback.due_callbacks WHERE status = 'due' AND due_at < now() GROUP BY mall_id`);
  }

  completedByMallAndOutcome(): Promise<{ mall_id: string; outcome: string; count: string }[]> {
    return this.dataSource.query(`SELECT mall_id, outcome, count(*) FROM callback.callback_outcomes GROUP BY mall_id, outcome`);
  }

  satisfactionByMall(): Promise<{ mall_id: string; ratio: string }[]> {
    return this.dataSource.query(
      `SELECT mall_id, avg(CASE WHEN satisfaction IN ('very-satisfied', 'satisfied') THEN 1.0 ELSE 0.0 END) AS ratio
           FROM callback.callback_outcomes WHERE satisfaction IS NOT NULL GROUP BY mall_id`,
    );
  }
}
