import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ComplaintEvent } from '@mallcare/contracts';
import { foldStream, handleCommand, handleCommands, inCommandTransaction, PostgresEventStore, type AppendContext } from '@mallcare/event-store';
import { assertMallAccess, Clock, PolicyStore, type Identity } from '@mallcare/platform';
import type { GroupPolicy } from '@mallcare/policy';
import type { EntityManager } from 'typeorm';
import { NotificationPort, type SlaNotification } from '../notifications/notification.port';
import { SlaException } from '../sla-monitor.exception';
import { ClockCasesRepository } from './clock-cases.repository';
import { emptyFacts, noteFacts, type SlaCaseFacts } from './clock-facts';
import { clockDecider, nextFireAt, type ClockCommand, type ClocksState, type ClockStatus } from './clock.decider';
import { SlaMetrics } from './sla.metrics';

export const clocksStreamId = (complaintId: string): string => `sla-${complaintId}`;

export interface ClockListQuery {
  state?: ClockStatus;
  mallId?: string;
  departmentId?: string;
  limit?: number;
  offset?: number;
}

export interface ClockListItem {
  complaintId: string;
  clockId: string;
  kind: string;
  state: string;
  mallId: string;
  departmentId: string | null;
  startedAt: string;
  dueAt: string;
  escalations: number;
  policyVersion: string;
}

export interface ClockPage {
  items: ClockListItem[];
  total: number;
  nextOffset: number | null;
}

const SYSTEM_ACTOR = { type: 'system' as const, id: 'sla-monitor' };

/** One case's decision as the projections need it. */
interface CaseDecided {
  complaintId: string;
  facts: SlaCaseFacts;
  appended: ComplaintEvent[];
  state: ClocksState;
}

@Injectable()
export class ClocksService {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    private readonly policy: PolicyStore,
    private readonly notifications: NotificationPort,
    private readonly metrics: SlaMetrics,
    private readonly clock: Clock,
    private readonly cases: ClockCasesRepository,
  ) {}

  /** Another service's event of the case, inside the consumer's inbox transaction: note its facts, start/meet/notify, re-arm the timer. */
  async observe(event: ComplaintEvent, manager: EntityManager, now: Date = this.clock.now()): Promise<void> {
    const { metadata } = event;
    const row = await this.cases.lockOrOpen(manager, metadata.complaintId, metadata.mallId, emptyFacts(metadata.mallId));
    const facts = noteFacts(row.facts, event);
    const policy = this.policy.current(now);
    await this.run(
      manager,
      facts,
      policy,
      now,
      { type: 'ObserveCaseEvent', data: { eventType: event.type, at: new Date(metadata.occurredAt), facts, policy, now } },
      { complaintId: metadata.complaintId, mallId: metadata.mallId, actor: SYSTEM_ACTOR, correlationId: metadata.correlationId, causationId: metadata.eventId },
    );
  }

  /**
   * The durable timer: claims due cases (SKIP LOCKED, so several instances share the work) and fires them
   * all in the claiming transaction: their streams read in one query, each decided as one-by-one would,
   * every event appended in one statement, timers, clocks and notifications written in one each. A crash
   * rolls the whole batch back. Returns how many cases were looked at.
   */
  async fireDue(limit: number, now: Date = this.clock.now()): Promise<number> {
    return inCommandTransaction(this.store, async (manager) => {
      const rows = await this.cases.claimDue(manager, now, limit);
      if (rows.length === 0) return 0;
      const policy = this.policy.current(now);
      for (const row of rows) {
        if (row.next_fire_at) this.metrics.timerLag.observe(Math.max(0, now.getTime() - new Date(row.next_fire_at).getTime()) / 1000);
      }
      const outcomes = await handleCommands(
        this.store,
        manager,
        clockDecider,
        rows.map((row) => ({
          streamId: clocksStreamId(row.complaint_id),
          command: { type: 'FireDueClocks', data: { facts: row.facts, policy, now } } satisfies ClockCommand,
          context: { complaintId: row.complaint_id, mallId: row.mall_id, actor: SYSTEM_ACTOR, correlationId: randomUUID(), causationId: null },
        })),
      );
      const decided = rows.map((row, i) => ({ complaintId: row.complaint_id, facts: row.facts, appended: outcomes[i].events, state: outcomes[i].after.state }));
      await this.project(manager, decided, policy, now);
      return rows.length;
    });
  }

  /** The earliest instant any case is to be looked at (the partial index's first row), or null when none is armed. */
  async nextFireAt(): Promise<Date | null> {
    const next = await this.cases.nextFireAt();
    return next ? new Date(next) : null;
  }

  /** A new policy version in force: cases whose open clocks another version set are looked at now (and recomputed). */
  async wakeClocksOfOtherPolicies(policyVersion: string): Promise<void> {
    await this.cases.wakeClocksOfOtherPolicies(policyVersion);
  }

  async pause(complaintId: string, identity: Identity, reason: string, now: Date = this.clock.now()): Promise<ClocksState & { complaintId: string }> {
    return this.change(complaintId, identity, now, (policy) => ({ type: 'PauseClocks', data: { reason, by: identity.staffId, policy, now } }));
  }

  async resume(complaintId: string, identity: Identity, now: Date = this.clock.now()): Promise<ClocksState & { complaintId: string }> {
    return this.change(complaintId, identity, now, () => ({ type: 'ResumeClocks', data: { by: identity.staffId, now } }));
  }

  async clocks(complaintId: string, identity: Identity): Promise<ClocksState & { complaintId: string; mallId: string }> {
    const row = await this.cases.caseOf(complaintId);
    const { events } = await this.store.readStream(clocksStreamId(complaintId));
    if (!row || events.length === 0) throw new SlaException('SLA_NO_CLOCKS', `no clocks for complaint ${complaintId}`);
    assertMallAccess(identity, row.mall_id);
    return { complaintId, mallId: row.mall_id, ...foldStream(clockDecider, events) };
  }

  /** Open clocks (or those in one state), nearest deadline first; a mall's staff see only their mall. */
  async list(query: ClockListQuery, identity: Identity): Promise<ClockPage> {
    if (query.mallId) assertMallAccess(identity, query.mallId);
    const mallId = identity.mallId ?? query.mallId ?? null;
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const rows = await this.cases.clocks({ state: query.state ?? null, mallId, departmentId: query.departmentId ?? null, limit, offset });
    const total = rows.length > 0 ? Number(rows[0].total) : 0;
    return {
      items: rows.map(({ total: _total, ...item }) => ({ ...item, startedAt: new Date(item.startedAt).toISOString(), dueAt: new Date(item.dueAt).toISOString() })),
      total,
      nextOffset: offset + rows.length < total ? offset + rows.length : null,
    };
  }

  private async change(complaintId: string, identity: Identity, now: Date, command: (policy: GroupPolicy) => ClockCommand): Promise<ClocksState & { complaintId: string }> {
    return inCommandTransaction(this.store, async (manager) => {
      const row = await this.cases.lock(manager, complaintId, true);
      if (!row) throw new SlaException('SLA_NO_CLOCKS', `no clocks for complaint ${complaintId}`);
      assertMallAccess(identity, row.mall_id);
      const policy = this.policy.current(now);
      const state = await this.run(manager, row.facts, policy, now, command(policy), {
        complaintId,
        mallId: row.mall_id,
        actor: { type: 'staff', id: identity.staffId },
        correlationId: randomUUID(),
        causationId: null,
      });
      return { complaintId, ...state };
    });
  }

  /** Decide, append, and write the timer, the clocks read model and the notifications in the caller's transaction. */
  private async run(manager: EntityManager, facts: SlaCaseFacts, policy: GroupPolicy, now: Date, command: ClockCommand, context: AppendContext): Promise<ClocksState> {
    const { after } = await handleCommand(this.store, {
      streamId: clocksStreamId(context.complaintId),
      decider: clockDecider,
      command,
      context,
      manager,
      project: (tx, appended, { state }) => this.project(tx, [{ complaintId: context.complaintId, facts, appended, state }], policy, now),
    });
    return after.state;
  }

  /** What decisions leave behind besides their events: each case's next instant, its clocks as read, the people to tell. */
  private async project(manager: EntityManager, decided: readonly CaseDecided[], policy: GroupPolicy, now: Date): Promise<void> {
    await this.cases.rearm(
      manager,
      decided.map(({ complaintId, facts, state }) => ({ complaintId, facts, nextFireAt: nextFireAt(state, facts, policy, now) })),
    );
    await this.cases.writeClocks(
      manager,
      decided.map(({ complaintId, facts, state }) => ({ complaintId, mallId: facts.mallId, departmentId: facts.handlingDepartmentId ?? facts.owningDepartmentId, clocks: state.clocks })),
    );
    await this.notifications.notify(
      manager,
      decided.flatMap(({ complaintId, facts, appended }) => notificationsOf(appended, complaintId, facts.mallId)),
    );
    for (const { appended, state, facts } of decided) this.count(appended, state, facts.mallId);
  }

  // Counted as the transaction is about to commit; a rollback retried later counts once more at most.
  private count(appended: ComplaintEvent[], state: ClocksState, mallId: string): void {
    for (const event of appended) {
      switch (event.type) {
        case 'SlaClockBreached':
          this.metrics.breaches.inc({ mall_id: mallId, kind: event.data.clockKind });
          break;
        case 'SlaEscalated':
          this.metrics.escalations.inc({ mall_id: mallId, rung: event.data.rung, reason: event.data.reason });
          break;
        case 'SlaClockWarned':
          this.metrics.warnings.inc({ mall_id: mallId, kind: event.data.clockKind });
          break;
        case 'SlaClockMet': {
          const clock = state.clocks.find((candidate) => candidate.clockId === event.data.clockId);
          if (clock) this.metrics.observeMet(mallId, clock.kind, (Date.parse(event.data.metAt) - Date.parse(clock.startedAt) - clock.pausedMs) / 1000, event.data.withinTarget);
          break;
        }
        default:
          break;
      }
    }
  }
}

/** One notification per person told; the key makes a retried or repeated decision land on the same row. */
export const notificationsOf = (events: readonly ComplaintEvent[], complaintId: string, mallId: string): SlaNotification[] =>
  events.flatMap((event): SlaNotification[] => {
    switch (event.type) {
      case 'SlaEscalated':
        return event.data.notified.map((person) => ({
          key: `${complaintId}:${event.data.escalationKey}:${person.staffId ?? person.rung}`,
          complaintId,
          mallId,
          staffId: person.staffId,
          rung: person.rung,
          subject: `[${event.data.reason}] ${event.data.why}`,
          body: { ...event.data, eventId: event.metadata.eventId },
        }));
      case 'SlaClockWarned':
        return event.data.notified.map((person) => ({
          key: `${complaintId}:warn:${event.data.clockId}:${event.data.dueAt}:${event.data.percent}:${person.staffId ?? person.rung}`,
          complaintId,
          mallId,
          staffId: person.staffId,
          rung: person.rung,
          subject: `[warning] ${event.data.clockKind} is due at ${event.data.dueAt}`,
          body: { ...event.data, eventId: event.metadata.eventId },
        }));
      default:
        return [];
    }
  });
