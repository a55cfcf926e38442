import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  severityRank,
  type Actor,
  type CaseOpened,
  type CaseReopened,
  type CaseResolved,
  type ComplainantType,
  type ComplaintEvent,
  type Severity,
  type WrittenReplyApproved,
} from '@mallcare/contracts';
import { handleCommand, inCommandTransaction, PostgresEventStore, serializeStream, type CommandHandling, type CommandOutcome } from '@mallcare/event-store';
import { assertMallAccess, canAccessMall, Clock, PolicyStore, type Identity } from '@mallcare/platform';
import { hasPermission, timeZoneOf } from '@mallcare/policy';
import { DataSource, type EntityManager } from 'typeorm';
import { CallbackException, CallbackExceptionCode } from '../callback.exception';
import { callbackDecider, type CallbackCommand, type CallbackState, type CallbackStatus } from './callback.decider';
import type { RecordAttemptDto, RecordOutcomeDto } from './dto/callback-commands.dto';
import type { CallbackQueueQueryDto } from './dto/callback-queue-query.dto';

export const callbackStreamId = (complaintId: string): string => `callback-${complaintId}`;

export interface DueCallback {
  complaintId: string;
  mallId: string;
  caseNumber: string | null;
  owningDepartmentId: string;
  dueAt: string;
  overdue: boolean;
  status: CallbackStatus | 'withdrawn';
  round: number;
  attempts: number;
  failedAttempts: number;
  lastAttemptAt: string | null;
}

export interface CallbackPage {
  items: DueCallback[];
  total: number;
  nextOffset: number | null;
}

export interface CallbackView extends DueCallback {
  closedBecause: string | null;
  satisfaction: string | null;
  history: { type: ComplaintEvent['type']; occurredAt: string; actor: Actor; data: unknown }[];
}

export interface CallbackCommandResult {
  complaintId: string;
  events: ComplaintEvent[];
}

interface CallbackRow {
  complaint_id: string;
  mall_id: string;
  case_number: string | null;
  owning_department_id: string;
  due_at: Date;
  status: DueCallback['status'];
  round: number;
  attempts: number;
  failed_attempts: number;
  last_attempt_at: Date | null;
  closed_because: string | null;
  satisfaction: string | null;
}

/** A desk command decides again on fresh state this many times when another writer got in first. */
const COMMAND_RETRIES = 2;
const SYSTEM_ACTOR: Actor = { type: 'system', id: 'callback' };
const CUSTOMER_SERVICE = 'customer-service';

const toDue = (row: CallbackRow, now: Date): DueCallback => ({
  complaintId: row.complaint_id,
  mallId: row.mall_id,
  caseNumber: row.case_number,
  owningDepartmentId: row.owning_department_id,
  dueAt: new Date(row.due_at).toISOString(),
  overdue: row.status === 'due' && new Date(row.due_at).getTime() < now.getTime(),
  status: row.status,
  round: row.round,
  attempts: row.attempts,
  failedAttempts: row.failed_attempts,
  lastAttemptAt: row.last_attempt_at ? new Date(row.last_attempt_at).toISOString() : null,
});

const SELECT_CALLBACK = `SELECT c.complaint_id, c.mall_id, f.case_number, c.owning_department_id, c.due_at, c.status, c.round, c.attempts,
         c.failed_attempts, c.last_attempt_at, c.closed_because, c.satisfaction
  FROM callback.due_callbacks c LEFT JOIN callback.case_facts f ON f.complaint_id = c.complaint_id`;

@Injectable()
export class CallbacksService {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyStore,
    private readonly clock: Clock,
  ) {}

  // ---- routing's events, inside the consumer's inbox transaction ----

  async noteCaseOpened(opened: CaseOpened, manager: EntityManager): Promise<void> {
    const { metadata, data } = opened;
    await manager.query(
      `INSERT INTO callback.case_facts (complaint_id, mall_id, case_number, complainant_type, written) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (complaint_id) DO UPDATE SET case_number = EXCLUDED.case_number, complainant_type = EXCLUDED.complainant_type, written = EXCLUDED.written`,
      [metadata.complaintId, metadata.mallId, data.caseNumber, data.complainantType, data.written],
    );
  }

  /** Severity as classified (null for non-responsible and assist), raised by system rules: HQ samples major/critical cases. */
  async noteSeverity(complaintId: string, mallId: string, severity: Severity | null, raiseOnly: boolean, manager: EntityManager): Promise<void> {
    const [row]: { severity: Severity | null }[] = await manager.query(`SELECT severity FROM callback.case_facts WHERE complaint_id = $1`, [complaintId]);
    const current = row?.severity ?? null;
    const next = raiseOnly && current !== null && (severity === null || severityRank(current) >= severityRank(severity)) ? current : severity;
    await manager.query(
      `INSERT INTO callback.case_facts (complaint_id, mall_id, severity) VALUES ($1, $2, $3)
       ON CONFLICT (complaint_id) DO UPDATE SET severity = EXCLUDED.severity`,
      [complaintId, mallId, next],
    );
  }

  async noteWrittenReplyApproved(approved: WrittenReplyApproved, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO callback.case_facts (complaint_id, mall_id, written_reply_approved) VALUES ($1, $2, true)
       ON CONFLICT (complaint_id) DO UPDATE SET written_reply_approved = true`,
      [approved.metadata.complaintId, approved.metadata.mallId],
    );
  }

  /** Reopened (on our request or by hand): a new reply is needed, and a callback still due waits for the new resolution. */
  async noteReopened(reopened: CaseReopened, manager: EntityManager): Promise<void> {
    const id = reopened.metadata.complaintId;
    await manager.query(`UPDATE callback.case_facts SET written_reply_approved = false WHERE complaint_id = $1`, [id]);
    await manager.query(`UPDATE callback.due_callbacks SET status = 'withdrawn' WHERE complaint_id = $1 AND status = 'due'`, [id]);
  }

  /** Every resolved case is called back; a redelivered resolution schedules nothing more. */
  async scheduleFor(resolved: CaseResolved, manager: EntityManager): Promise<void> {
    const { metadata } = resolved;
    await this.run(metadata.complaintId, {
      command: {
        type: 'ScheduleCallback',
        data: {
          resolvedAt: new Date(metadata.occurredAt),
          owningDepartmentId: resolved.data.owningDepartmentId,
          resolutionEventId: metadata.eventId,
          mallId: metadata.mallId,
          policy: this.policy.at(metadata.occurredAt),
        },
      },
      context: { complaintId: metadata.complaintId, mallId: metadata.mallId, actor: SYSTEM_ACTOR, correlationId: metadata.correlationId, causationId: metadata.eventId },
      manager,
    });
  }

  // ---- the callback desk's commands ----

  recordAttempt(complaintId: string, identity: Identity, dto: RecordAttemptDto): Promise<CallbackCommandResult> {
    return this.handle(complaintId, identity, (mallId) => ({
      type: 'RecordAttempt',
      data: { method: dto.method, reached: dto.reached, ...(dto.notes ? { notes: dto.notes } : {}), mallId, policy: this.policy.current() },
    }));
  }

  recordOutcome(complaintId: string, identity: Identity, dto: RecordOutcomeDto): Promise<CallbackCommandResult> {
    return this.handle(complaintId, identity, (_mallId, facts) => ({
      type: 'RecordOutcome',
      data: {
        method: dto.method,
        satisfaction: dto.satisfaction,
        solved: dto.solved,
        ...(dto.tenantConfirmed !== undefined ? { tenantConfirmed: dto.tenantConfirmed } : {}),
        ...(dto.comment ? { comment: dto.comment } : {}),
        facts,
        policy: this.policy.current(),
      },
    }));
  }

  private async handle(
    complaintId: string,
    identity: Identity,
    build: (mallId: string, facts: { complainantType: ComplainantType | null; written: boolean; writtenReplyApproved: boolean }) => CallbackCommand,
  ): Promise<CallbackCommandResult> {
    const { events } = await inCommandTransaction(
      this.store,
      async (manager) => {
        await serializeStream(manager, callbackStreamId(complaintId));
        const [row]: {
          mall_id: string;
          owning_department_id: string;
          status: DueCallback['status'];
          complainant_type: ComplainantType | null;
          written: boolean | null;
          written_reply_approved: boolean | null;
        }[] = await manager.query(
          `SELECT c.mall_id, c.owning_department_id, c.status, f.complainant_type, f.written, f.written_reply_approved
           FROM callback.due_callbacks c LEFT JOIN callback.case_facts f ON f.complaint_id = c.complaint_id WHERE c.complaint_id = $1`,
          [complaintId],
        );
        if (!row) throw new CallbackException(CallbackExceptionCode.CallbackNotFound, `no callback for complaint ${complaintId}`);
        assertMallAccess(identity, row.mall_id);
        this.assertMayCallBack(identity, row.owning_department_id);
        // Reopened by hand while due: the callback waits for the new resolution.
        if (row.status === 'withdrawn') {
          throw new CallbackException(CallbackExceptionCode.CallbackNotDue, 'the case was reopened: its callback is due again after the new resolution', { state: 'withdrawn' });
        }
        return this.run(complaintId, {
          command: build(row.mall_id, { complainantType: row.complainant_type, written: row.written ?? false, writtenReplyApproved: row.written_reply_approved ?? false }),
          context: { complaintId, mallId: row.mall_id, actor: { type: 'staff', id: identity.staffId }, correlationId: complaintId, causationId: null },
          manager,
          serialize: false,
        });
      },
      { retries: COMMAND_RETRIES },
    );
    return { complaintId, events };
  }

  /** Commands on one callback queue behind each other rather than race; the desk's queue and the outcomes are written with the events. */
  private run(
    complaintId: string,
    handling: Pick<CommandHandling<CallbackCommand, CallbackState>, 'command' | 'context' | 'manager' | 'serialize'>,
  ): Promise<CommandOutcome<CallbackState>> {
    return handleCommand(this.store, {
      serialize: true,
      ...handling,
      streamId: callbackStreamId(complaintId),
      decider: callbackDecider,
      project: (manager, events) => this.project(manager, events),
    });
  }

  private assertMayCallBack(identity: Identity, owningDepartmentId: string): void {
    if (hasPermission(identity, 'callback.record-any-department')) return;
    const departmental = hasPermission(identity, 'callback.record');
    if (departmental && (identity.departmentId === owningDepartmentId || identity.departmentId === CUSTOMER_SERVICE)) return;
    throw new CallbackException(
      CallbackExceptionCode.NotYourCallback,
      `${identity.staffId} may not record the callback of a case owned by ${owningDepartmentId}: its customer service, the front desk, the director or the GM do`,
    );
  }

  /** The desk's queue and the outcomes, written with the events. */
  private async project(manager: EntityManager, events: ComplaintEvent[]): Promise<void> {
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

  /** The mall a caller's list covers: their own, or any (or all) for HQ; another mall is refused. */
  private scopeOf(identity: Identity, mallId: string | undefined): string | null {
    if (mallId) {
      assertMallAccess(identity, mallId);
      return mallId;
    }
    return identity.mallId ?? null;
  }

  /** The callback desk's queue: callbacks still due, soonest first, with the attempts so far. */
  async queue(identity: Identity, query: CallbackQueueQueryDto, now = this.clock.now()): Promise<CallbackPage> {
    const mallId = this.scopeOf(identity, query.mallId);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const params: unknown[] = [mallId, query.departmentId ?? null];
    const where = [`c.status = 'due'`, `($1::text IS NULL OR c.mall_id = $1)`, `($2::text IS NULL OR c.owning_department_id = $2)`];
    if (query.due === 'overdue') {
      params.push(now.toISOString());
      where.push(`c.due_at < $3`);
    }
    if (query.due === 'today') {
      params.push(now.toISOString(), timeZoneOf(this.policy.current(), mallId ?? ''));
      where.push(`c.due_at >= $3`, `c.due_at < ((date_trunc('day', $3::timestamptz AT TIME ZONE $4::text) + interval '1 day') AT TIME ZONE $4::text)`);
    }
    const filter = where.join(' AND ');
    const [rows, [{ count }]]: [CallbackRow[], { count: string }[]] = await Promise.all([
      this.dataSource.query(`${SELECT_CALLBACK} WHERE ${filter} ORDER BY c.due_at, c.complaint_id LIMIT ${limit} OFFSET ${offset}`, params),
      this.dataSource.query(`SELECT count(*) FROM callback.due_callbacks c WHERE ${filter}`, params),
    ]);
    const total = Number(count);
    return { items: rows.map((row) => toDue(row, now)), total, nextOffset: offset + rows.length < total ? offset + rows.length : null };
  }

  /** Kept for the thin path: every callback still due, soonest first. */
  async due(identity: Identity, mallId?: string, now = this.clock.now()): Promise<DueCallback[]> {
    const scope = this.scopeOf(identity, mallId);
    const rows: CallbackRow[] = await this.dataSource.query(`${SELECT_CALLBACK} WHERE c.status = 'due' AND ($1::text IS NULL OR c.mall_id = $1) ORDER BY c.due_at LIMIT 500`, [scope]);
    return rows.map((row) => toDue(row, now));
  }

  /** One case's callback with its history; another mall's reads as not found. */
  async view(complaintId: string, identity: Identity, now = this.clock.now()): Promise<CallbackView> {
    const [row]: CallbackRow[] = await this.dataSource.query(`${SELECT_CALLBACK} WHERE c.complaint_id = $1`, [complaintId]);
    if (!row || !canAccessMall(identity, row.mall_id)) throw new CallbackException(CallbackExceptionCode.CallbackNotFound, `no callback for complaint ${complaintId}`);
    const { events } = await this.store.readStream(callbackStreamId(complaintId));
    return {
      ...toDue(row, now),
      closedBecause: row.closed_because,
      satisfaction: row.satisfaction,
      history: events.map((event) => ({ type: event.type, occurredAt: event.metadata.occurredAt, actor: event.metadata.actor, data: event.data })),
    };
  }
}
