import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  isRefusal,
  type CaseClosed,
  type CaseReopenRequested,
  type CaseUpgradeDue,
  type CollectiveComplaintRaised,
  type ComplaintEvent,
  type ComplaintJoinedCollective,
  type ComplaintRegistered,
  type EventMetadata,
  type RepeatComplaintLinked,
} from '@mallcare/contracts';
import { handleCommand, PostgresEventStore, type AppendContext, type CommandOutcome, type RetryOptions, type StreamRead, foldStream } from '@mallcare/event-store';
import { PermanentHandlerError } from '@mallcare/messaging';
import { assertMallAccess, Clock, PolicyStore, type Identity } from '@mallcare/platform';
import { NoResponsiblePerson, NoRoutingRule, type GroupPolicy } from '@mallcare/policy';
import { DataSource, type EntityManager } from 'typeorm';
import { WorkQueueRepository, type QueueExtras } from '../work-queue/work-queue.repository';
import { APPROVER_ROLES, canReadCase, commandsPermitted } from './case-access';
import { withClosures } from './case-closures';
import { closuresOf, noteClosure } from './case-closures.repository';
import { historyOf, type HistoryEntry } from './case-history';
import type { CaseFacts } from './case-policy';
import {
  allowedCommands,
  caseDecider,
  type CaseCommand,
  type CaseState,
  type CaseStatus,
  type HandlingCommand,
  type HandlingCommandType,
} from './case.decider';
import { RoutingException } from '../routing.exception';

export const caseStreamId = (complaintId: string): string => `case-${complaintId}`;

/** What a handling command is built from: the case as it is now, the policy in force, the clock. */
export interface CommandContext {
  mallId: string;
  state: CaseState;
  policy: GroupPolicy;
  at: string;
  identity: Identity;
}

export interface CommandResult {
  complaintId: string;
  version: number;
  status: CaseStatus;
  allowedCommands: HandlingCommandType[];
  events: ComplaintEvent[];
}

export interface CaseView extends Omit<CaseState, 'incidentReportSeverity'> {
  complaintId: string;
  mallId: string;
  version: number;
  lastEventId: string;
  incidentReportFiled: boolean;
  /** What the caller may do next: the case's state and the caller's role and department both allow it. */
  allowedCommands: HandlingCommandType[];
  history: HistoryEntry[];
}

/** A handling command decides again on fresh state this many times when another writer got in first. */
const COMMAND_RETRIES = 2;
const SYSTEM_ACTOR = { type: 'system' as const, id: 'routing' };

const fold = (events: ComplaintEvent[]): CaseState => foldStream(caseDecider, events);

/** The highest of the caller's roles that may approve a written reply. */
export const approverRoleOf = (identity: Identity): (typeof APPROVER_ROLES)[number] =>
  [...APPROVER_ROLES].reverse().find((role) => identity.roles.includes(role)) ?? 'department-manager';

@Injectable()
export class CasesService {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyStore,
    private readonly queue: WorkQueueRepository,
    private readonly clock: Clock,
  ) {}

  // ---- from intake's events, inside the consumer's inbox transaction ----

  /** A registered complaint, request or suggestion is opened, routed and assigned; an inquiry stays at the desk. */
  async openRegistered(registered: ComplaintRegistered, manager: EntityManager): Promise<void> {
    const { data, metadata } = registered;
    if (data.kind === 'inquiry') return;
    const facts: CaseFacts = {
      caseNumber: data.caseNumber,
      kind: data.kind,
      category: data.category,
      channel: data.channel,
      complainantType: data.complainantType,
      written: data.written,
      receivedAt: data.receivedAt,
      collectiveMemberIds: [],
    };
    await this.open(metadata, facts, data.description, manager);
  }

  /** A collective case raised by intake from several registrations: opened like any case, critical by rule. */
  async openCollective(raised: CollectiveComplaintRaised, manager: EntityManager): Promise<void> {
    const { data, metadata } = raised;
    const facts: CaseFacts = {
      caseNumber: data.caseNumber,
      kind: 'complaint',
      category: data.category,
      complainantType: data.complainantType,
      written: data.written,
      receivedAt: data.receivedAt,
      collectiveMemberIds: [...data.members],
      distinctTenants: data.distinctTenants,
    };
    await this.open(metadata, facts, data.description, manager);
  }

  /** The same complainant came back about an open case: enough repeats make it major. */
  async recordRepeat(linked: RepeatComplaintLinked, manager: EntityManager): Promise<void> {
    const { metadata } = linked;
    const { repeatCount } = linked.data;
    const command: CaseCommand = { type: 'RecordRepeat', data: { repeatCount, mallId: metadata.mallId, policy: this.policy.current() } };
    await this.run(metadata.complaintId, { command, context: this.systemContext(metadata), extras: { repeatCount }, manager });
    await this.queue.noteRepeat(manager, metadata.complaintId, repeatCount);
  }

  /** A registration joined a collective case: its queue row points there. */
  async joinCollective(joined: ComplaintJoinedCollective, manager: EntityManager): Promise<void> {
    await this.queue.noteCollectiveMember(manager, joined.metadata.complaintId, joined.data.collectiveComplaintId);
  }

  /** A responsible case open a month (sla-monitor): major by rule `open-a-month`, if it is still open, responsible and below it. */
  async upgradeUnresolved(due: CaseUpgradeDue, manager: EntityManager): Promise<void> {
    const { metadata, data } = due;
    const command: CaseCommand = { type: 'UpgradeUnresolvedCase', data: { toSeverity: data.toSeverity, reason: data.reason, policyVersion: data.policyVersion } };
    await this.run(metadata.complaintId, { command, context: this.systemContext(metadata), manager });
  }

  /** Callback closed the case (its owner for `closed`): kept for the decider; the case takes no command from now on. */
  async noteClosed(closed: CaseClosed, manager: EntityManager): Promise<void> {
    await noteClosure(manager, closed);
  }

  /** Not satisfied or not solved at callback: reopened as the system, with the callback's notes as the reason (DOMAIN §8). */
  async reopenOnCallback(requested: CaseReopenRequested, manager: EntityManager): Promise<void> {
    const { metadata, data } = requested;
    const command: CaseCommand = { type: 'ReopenCase', data: { reason: data.reason } };
    try {
      await this.run(metadata.complaintId, { command, context: this.systemContext(metadata), manager });
    } catch (error) {
      // Not resolved any more (reopened by hand meanwhile): it is back with its department already.
      if (isRefusal(error, 'case-in-wrong-state')) return;
      throw error;
    }
  }

  private async open(metadata: EventMetadata, facts: CaseFacts, description: string, manager: EntityManager): Promise<void> {
    const policy = this.policy.current();
    const command: CaseCommand = { type: 'RouteCase', data: { mallId: metadata.mallId, facts, policy, at: this.clock.now().toISOString() } };
    try {
      await this.run(metadata.complaintId, { command, context: this.systemContext(metadata), extras: { description }, manager });
    } catch (error) {
      // Opened already (the same complaint announced twice): nothing more to do.
      if (isRefusal(error, 'case-in-wrong-state')) return;
      // The policy cannot place it; retrying will not change that until the policy does.
      if (error instanceof NoRoutingRule || error instanceof NoResponsiblePerson) throw new PermanentHandlerError(error.message);
      throw error;
    }
  }

  private systemContext(metadata: EventMetadata): AppendContext {
    return { complaintId: metadata.complaintId, mallId: metadata.mallId, actor: SYSTEM_ACTOR, correlationId: metadata.correlationId, causationId: metadata.eventId };
  }

  // ---- people's handling commands ----

  /**
   * Runs one handling command: mall and role checks, the optional version the caller saw (If-Match),
   * the decision, the append and the queue row in one transaction. A writer that got in first makes
   * it decide again on the new state, unless the caller named the version it expected.
   */
  async handle(complaintId: string, identity: Identity, build: (context: CommandContext) => HandlingCommand, expectedVersion?: number): Promise<CommandResult> {
    let permitted: HandlingCommandType[] = [];
    try {
      const { after, events } = await this.run(complaintId, {
        command: ({ version, events: stored, state }) => {
          if (stored.length === 0) throw new RoutingException('ROUTING_CASE_NOT_FOUND', `no case for complaint ${complaintId}`);
          const mallId = stored[0].metadata.mallId;
          assertMallAccess(identity, mallId);
          const command = build({ mallId, state, policy: this.policy.current(), at: this.clock.now().toISOString(), identity });
          permitted = commandsPermitted(identity, mallId, state);
          if (!permitted.includes(command.type)) {
            throw new RoutingException(
              'ROUTING_NOT_YOUR_CASE',
              `${identity.staffId} (${identity.roles.join(', ')}${identity.departmentId ? `, ${identity.departmentId}` : ''}) may not ${command.type} on a case handled by ${state.handlingDepartmentId ?? 'nobody'}`,
              { command: command.type, permittedCommands: permitted },
            );
          }
          if (expectedVersion !== undefined && expectedVersion !== version) {
            throw new RoutingException('ROUTING_STALE_VERSION', `the case is at version ${version}, not ${expectedVersion}: reload it and decide again`, {
              expectedVersion,
              version,
            });
          }
          return command;
        },
        context: ({ events: stored }) => ({ complaintId, mallId: stored[0].metadata.mallId, actor: { type: 'staff', id: identity.staffId }, correlationId: complaintId, causationId: null }),
        retry: expectedVersion === undefined ? { retries: COMMAND_RETRIES } : undefined,
      });
      const mallId = after.events[0].metadata.mallId;
      const permittedNext = commandsPermitted(identity, mallId, after.state);
      return {
        complaintId,
        version: after.version,
        status: after.state.status,
        allowedCommands: allowedCommands(after.state).filter((candidate) => permittedNext.includes(candidate)),
        events,
      };
    } catch (error) {
      // The refusal names what the caller could do instead: what the state allows and their role does.
      if (isRefusal(error) && Array.isArray(error.details.allowedCommands)) {
        error.details.allowedCommands = (error.details.allowedCommands as HandlingCommandType[]).filter((command) => permitted.includes(command));
      }
      throw error;
    }
  }

  /**
   * The case pipeline: commands on one case queue behind each other, the case is folded with its
   * closures, and the queue row is rewritten with the events. In the consumer's transaction when given.
   */
  private run(
    complaintId: string,
    { command, context, extras = {}, manager, retry }: {
      command: CaseCommand | ((read: StreamRead<CaseState>) => CaseCommand);
      context: AppendContext | ((read: StreamRead<CaseState>) => AppendContext);
      extras?: QueueExtras;
      manager?: EntityManager;
      retry?: RetryOptions;
    },
  ): Promise<CommandOutcome<CaseState>> {
    return handleCommand(this.store, {
      streamId: caseStreamId(complaintId),
      decider: caseDecider,
      serialize: true,
      load: async (tx, events) => fold(withClosures(events, await closuresOf(tx, complaintId))),
      command,
      context,
      project: async (tx, events, after) => {
        if (events.length === 0) return;
        const resolved = events.find((event) => event.type === 'CaseResolved');
        const { mallId } = events[0].metadata;
        await this.queue.write(
          tx,
          { complaintId, mallId, state: after.state, version: after.version, at: events[events.length - 1].metadata.recordedAt },
          { ...extras, resolvedAt: resolved?.metadata.occurredAt },
        );
      },
      manager,
      retry,
    });
  }

  // ---- reads ----

  /** A case as its handlers see it; another mall's case is not found (it is not revealed that it exists). */
  async view(complaintId: string, identity: Identity): Promise<CaseView> {
    const { version, events: own } = await this.store.readStream(caseStreamId(complaintId));
    const mallId = own[0]?.metadata.mallId;
    if (!mallId || !canReadCase(identity, mallId)) throw new RoutingException('ROUTING_CASE_NOT_FOUND', `no case for complaint ${complaintId}`);
    const events = withClosures(own, await closuresOf(this.dataSource.manager, complaintId));
    const { incidentReportSeverity, ...state } = fold(events);
    const permitted = commandsPermitted(identity, mallId, { ...state, incidentReportSeverity });
    return {
      complaintId,
      mallId,
      version,
      lastEventId: own[own.length - 1].metadata.eventId,
      ...state,
      incidentReportFiled: incidentReportSeverity !== null,
      allowedCommands: allowedCommands({ ...state, incidentReportSeverity }).filter((command) => permitted.includes(command)),
      history: historyOf(events),
    };
  }
}
