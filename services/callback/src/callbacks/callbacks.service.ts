import { Inject, Injectable } from '@nestjs/common';
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
import type { EntityManager } from 'typeorm';
import { CallbackException } from '../callback.exception';
import { callbackDecider, type CallbackCommand, type CallbackState, type CallbackStatus } from './callback.decider';
import type { RecordAttemptDto, RecordOutcomeDto } from './dto/callback-commands.dto';
import type { CallbackQueueQueryDto } from './dto/callback-queue-query.dto';
import { CallbacksRepository, type CallbackRow } from './callbacks.repository';

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

@Injectable()
export class CallbacksService {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    private readonly callbacks: CallbacksRepository,
    private readonly policy: PolicyStore,
    private readonly clock: Clock,
  ) {}

  // ---- routing's events, inside the consumer's inbox transaction ----

  async noteCaseOpened(opened: CaseOpened, manager: EntityManager): Promise<void> {
    const { metadata, data } = opened;
    await this.callbacks.noteCaseOpened(manager, {
      complaintId: metadata.complaintId,
      mallId: metadata.mallId,
      caseNumber: data.caseNumber,
      complainantType: data.complainantType,
      written: data.written,
    });
  }

  /** Severity as classified (null for non-responsible and assist), raised by system rules: HQ samples major/critical cases. */
  async noteSeverity(complaintId: string, mallId: string, severity: Severity | null, raiseOnly: boolean, manager: EntityManager): Promise<void> {
    const current = await this.callbacks.severityOf(manager, complaintId);
    const next = raiseOnly && current !== null && (severity === null || severityRank(current) >= severityRank(severity)) ? current : severity;
    await this.callbacks.setSeverity(manager, complaintId, mallId, next);
  }

  async noteWrittenReplyApproved(approved: WrittenReplyApproved, manager: EntityManager): Promise<void> {
    await this.callbacks.noteWrittenReplyApproved(manager, approved.metadata.complaintId, approved.metadata.mallId);
  }

  /** Reopened (on our request or by hand): a new reply is needed, and a callback still due waits for the new resolution. */
  async noteReopened(reopened: CaseReopened, manager: EntityManager): Promise<void> {
    await this.callbacks.noteReopened(manager, reopened.metadata.complaintId);
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
        const row = await this.callbacks.deskRowOf(manager, complaintId);
        if (!row) throw new CallbackException('CALLBACK_NOT_FOUND', `no callback for complaint ${complaintId}`);
        assertMallAccess(identity, row.mall_id);
        this.assertMayCallBack(identity, row.owning_department_id);
        // Reopened by hand while due: the callback waits for the new resolution.
        if (row.status === 'withdrawn') {
          throw new CallbackException('CALLBACK_NOT_DUE', 'the case was reopened: its callback is due again after the new resolution', { state: 'withdrawn' });
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
      project: (manager, events) => this.callbacks.project(manager, events),
    });
  }

  private assertMayCallBack(identity: Identity, owningDepartmentId: string): void {
    if (hasPermission(identity, 'callback.record-any-department')) return;
    const departmental = hasPermission(identity, 'callback.record');
    if (departmental && (identity.departmentId === owningDepartmentId || identity.departmentId === CUSTOMER_SERVICE)) return;
    throw new CallbackException(
      'CALLBACK_NOT_YOURS',
      `${identity.staffId} may not record the callback of a case owned by ${owningDepartmentId}: its customer service, the front desk, the director or the GM do`,
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
    const { rows, total } = await this.callbacks.queue({
      mallId,
      departmentId: query.departmentId ?? null,
      due: query.due,
      now,
      timeZone: query.due === 'today' ? timeZoneOf(this.policy.current(), mallId ?? '') : undefined,
      limit,
      offset,
    });
    return { items: rows.map((row) => toDue(row, now)), total, nextOffset: offset + rows.length < total ? offset + rows.length : null };
  }

  /** Kept for the thin path: every callback still due, soonest first. */
  async due(identity: Identity, mallId?: string, now = this.clock.now()): Promise<DueCallback[]> {
    const scope = this.scopeOf(identity, mallId);
    const rows = await this.callbacks.due(scope);
    return rows.map((row) => toDue(row, now));
  }

  /** One case's callback with its history; another mall's reads as not found. */
  async view(complaintId: string, identity: Identity, now = this.clock.now()): Promise<CallbackView> {
    const row = await this.callbacks.rowOf(complaintId);
    if (!row || !canAccessMall(identity, row.mall_id)) throw new CallbackException('CALLBACK_NOT_FOUND', `no callback for complaint ${complaintId}`);
    const { events } = await this.store.readStream(callbackStreamId(complaintId));
    return {
      ...toDue(row, now),
      closedBecause: row.closed_because,
      satisfaction: row.satisfaction,
      history: events.map((event) => ({ type: event.type, occurredAt: event.metadata.occurredAt, actor: event.metadata.actor, data: event.data })),
    };
  }
}
