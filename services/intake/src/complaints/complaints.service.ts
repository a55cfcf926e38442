import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ChannelDetailsV1, ComplaintEvent, ComplaintRegistered } from '@mallcare/contracts';
import { ALONGSIDE_FIRST_PARAM, LogSignal, PostgresEventStore, retryOnConflict, type AppendContext } from '@mallcare/event-store';
import { assertMallAccess, Clock, PolicyStore, type Identity } from '@mallcare/platform';
import { findMall, findStaffMember, settingsFor, type GroupPolicy } from '@mallcare/policy';
import { DataSource, type EntityManager } from 'typeorm';
import { claimIdempotencyKey, canonicalJson, recordIdempotentAnswer, type StoredAnswer } from '../idempotency/idempotency';
import { complainantDecider } from '../matters/complainant.decider';
import { matterKeyOf, tenantKeyOf } from '../matters/matter-keys';
import { detectCollective, matterDecider, type MatterDecision, type RegisterInMatter } from '../matters/matter.decider';
import { loadComplainantState, loadMatterState } from '../matters/matter.projection';
import { requestFingerprint, type PersonalDataKeys } from '../personal-data/personal-data.crypto';
import { PERSONAL_DATA_KEYS } from '../personal-data/personal-data.keys';
import { contactsGiven, PersonalDataStore, sealedWrites, type PersonalData, type PersonLookedUp, type SealedRecords, type SubjectHandle, type SubjectRow } from '../personal-data/personal-data.store';
import { allocateCaseNumber, FIRST_PARAM_BEFORE_CASE_NUMBER } from './case-numbers';
import { checkRegistration, complaintDecider, type RegisterComplaint } from './complaint.decider';
import { IntakeException, IntakeExceptionCode } from './intake.exception';
import { StatusLookupService } from '../status-lookup/status-lookup.service';
import { AttachmentsService } from '../attachments/attachments.service';
import type { ComplaintRegisteredResponse, RegisterComplaintDto } from './register-complaint.dto';

export const complaintStreamId = (complaintId: string): string => `complaint-${complaintId}`;

const REGISTRATION_RETRY = { retries: 2 };
const SYSTEM = { type: 'system' as const, id: 'intake' };

export type RegistrationAnswer = StoredAnswer<ComplaintRegisteredResponse> & { replayed: boolean };

/** The customer's status code of a new case is written with its events. */
type OpenedCase = StoredAnswer<ComplaintRegisteredResponse> & { lookupCode: string };

/** The part of pg's PoolClient a transaction of our own needs (a simple query of several statements answers with one result each). */
interface TransactionClient {
  query(text: string): Promise<{ rows: unknown[] } | { rows: unknown[] }[]>;
}

const REGISTRATION_INSERT_PARAMS = 16;
/** The registration's read-model row, written in the statement that appends its events. */
const REGISTRATION_INSERT = (() => {
  const p = (i: number) => `$${ALONGSIDE_FIRST_PARAM + i}`;
  return `INSERT INTO intake.registrations (complaint_id, mall_id, case_number, kind, channel, category, complainant_type, complainant_subject_id,
         matter_key, tenant_key, received_at, written, status, group_size, policy_version, recorded_by)
       VALUES (${p(0)}::uuid, ${p(1)}::text, ${p(2)}::text, ${p(3)}::text, ${p(4)}::text, ${p(5)}::text, ${p(6)}::text, ${p(7)}::uuid,
         ${p(8)}::text, ${p(9)}::text, ${p(10)}::timestamptz, ${p(11)}::boolean, ${p(12)}::text, ${p(13)}::int, ${p(14)}::text, ${p(15)}::text)`;
})();

const personalDataOf = (dto: RegisterComplaintDto): PersonalData => ({
  name: dto.reporterName,
  phone: dto.contactPhone,
  email: dto.contactEmail,
  address: dto.contactAddress,
  account: dto.contactAccount,
  peopleInvolved: dto.peopleInvolved,
});

const channelDetailsOf = (dto: RegisterComplaintDto, recordedBy: string): ChannelDetailsV1 => ({
  recordedBy,
  ...(dto.place ? { place: dto.place } : {}),
  ...(dto.governmentBody ? { governmentBody: dto.governmentBody } : {}),
  ...(dto.referenceNumber ? { referenceNumber: dto.referenceNumber } : {}),
  ...(dto.mediaOutlet ? { mediaOutlet: dto.mediaOutlet } : {}),
  ...(dto.platform ? { platform: dto.platform } : {}),
  ...(dto.submissionReference ? { submissionReference: dto.submissionReference } : {}),
});

/**
 * Registration (DOMAIN §3): one transaction writes the events, the read model, the personal data and
 * the idempotency answer together, in four round trips on the usual path. Locks are taken in one
 * order everywhere: the person (by phone, with the BEGIN), the idempotency key, the matter, then the
 * mall's case-number counter.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeys,
    private readonly policy: PolicyStore,
    private readonly personalData: PersonalDataStore,
    private readonly statusLookup: StatusLookupService,
    private readonly attachments: AttachmentsService,
    private readonly clock: Clock,
  ) {}

  async register(dto: RegisterComplaintDto, identity: Identity, idempotencyHeader?: string, now = this.clock.now()): Promise<RegistrationAnswer> {
    const policy = this.policy.current(now);
    const mall = findMall(policy, dto.mallId);
    if (!mall) throw new IntakeException(IntakeExceptionCode.MallUnknown, `the group has no mall ${dto.mallId}`);
    assertMallAccess(identity, dto.mallId);
    if (!mall.enabledChannels.includes(dto.channel)) {
      throw new IntakeException(IntakeExceptionCode.ChannelNotEnabled, `mall ${dto.mallId} does not take complaints by ${dto.channel}`, { enabledChannels: mall.enabledChannels });
    }
    const recordedBy = dto.recordedBy ?? identity.staffId;
    const recorder = findStaffMember(policy, recordedBy);
    if (dto.recordedBy && (!recorder || !recorder.active || (recorder.mallId !== null && recorder.mallId !== dto.mallId))) {
      throw new IntakeException(IntakeExceptionCode.RecorderUnknown, `${recordedBy} is not active staff of mall ${dto.mallId}`, { field: 'recordedBy' });
    }
    if (idempotencyHeader && dto.idempotencyKey && idempotencyHeader !== dto.idempotencyKey) {
      throw new IntakeException(IntakeExceptionCode.IdempotencyKeysDiffer, 'the Idempotency-Key header and idempotencyKey differ');
    }
    const key = idempotencyHeader ?? dto.idempotencyKey;
    const personal = personalDataOf(dto);
    // Uploads named `attachment:<id>` must be this mall's and free; the event records their stored type.
    const uploads = await this.attachments.resolveReferences(
      dto.mallId,
      (dto.attachments ?? []).map((a) => ({ reference: a.reference, ...(a.mediaType ? { mediaType: a.mediaType } : {}), ...(a.caption ? { caption: a.caption } : {}) })),
    );
    const command: Omit<RegisterComplaint['data'], 'caseNumber'> = {
      channel: dto.channel,
      kind: dto.kind,
      category: dto.category,
      complainantType: dto.complainantType,
      description: dto.description,
      receivedAt: dto.receivedAt ? new Date(dto.receivedAt) : now,
      now,
      complainantSubjectId: null,
      contactsGiven: contactsGiven(personal),
      channelDetails: channelDetailsOf(dto, recordedBy),
      ...(dto.written !== undefined ? { written: dto.written } : {}),
      ...(dto.location ? { location: dto.location } : {}),
      ...(dto.subjectKey ? { subjectKey: dto.subjectKey } : {}),
      ...(dto.tenantUnit ? { tenantUnit: dto.tenantUnit } : {}),
      ...(dto.happenedAt ? { happenedAt: new Date(dto.happenedAt) } : {}),
      ...(dto.requestedDeadline ? { requestedDeadline: new Date(dto.requestedDeadline) } : {}),
      ...(dto.groupSize !== undefined ? { groupSize: dto.groupSize } : {}),
      ...(dto.businessAffected !== undefined ? { businessAffected: dto.businessAffected } : {}),
      attachments: uploads.references,
      ...(dto.answer ? { answer: dto.answer } : {}),
      registeredBy: identity.staffId,
      policyVersion: policy.version,
    };
    checkRegistration(command);
    const { idempotencyKey: _ignored, ...request } = dto;
    const fingerprint = key ? requestFingerprint(this.keys, canonicalJson({ ...request })) : null;

    // Another registration appended to a member's or an open case's stream first: decide again on fresh state.
    return retryOnConflict(async () => {
      const lookup = this.personalData.lockAndFindByPhone(personal);
      const answer = await this.inTransaction(lookup?.sql ?? null, (manager, begun) =>
        this.registerIn(manager, dto, identity, command, personal, policy, key, fingerprint, uploads.attachmentIds, lookup === null ? undefined : { blindIndex: lookup.blindIndex, found: begun[0] as SubjectRow | undefined }),
      );
      if (!answer.replayed) LogSignal.appended(this.store.schema);
      return answer;
    }, REGISTRATION_RETRY);
  }

  /**
   * A READ COMMITTED transaction like `dataSource.transaction`, a round trip or two shorter: `beginWith`
   * (SQL text without parameters) goes with the BEGIN, and the rows of its last statement go to `work`.
   */
  private async inTransaction<T>(beginWith: string | null, work: (manager: EntityManager, begun: unknown[]) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as TransactionClient;
    try {
      const results = await client.query(beginWith === null ? 'BEGIN' : `BEGIN; ${beginWith}`);
      const result = await work(runner.manager, Array.isArray(results) ? results[results.length - 1].rows : []);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // As TypeORM's own transaction does: a failed rollback leaves the first error to report.
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async registerIn(
    manager: EntityManager,
    dto: RegisterComplaintDto,
    identity: Identity,
    command: Omit<RegisterComplaint['data'], 'caseNumber'>,
    personal: PersonalData,
    policy: GroupPolicy,
    key: string | undefined,
    fingerprint: string | null,
    attachmentIds: string[],
    person?: PersonLookedUp,
  ): Promise<RegistrationAnswer> {
    if (key && fingerprint) {
      const claim = await claimIdempotencyKey<ComplaintRegisteredResponse>(manager, dto.mallId, key, fingerprint);
      if (claim.type === 'reused-for-another-request') {
        throw new IntakeException(IntakeExceptionCode.IdempotencyKeyReused, 'this Idempotency-Key was used for another registration at this mall');
      }
      // The code is never stored in clear: a replay derives it again.
      if (claim.type === 'answered') return { ...claim.answer, body: { ...claim.answer.body, lookupCode: this.statusLookup.codeFor(claim.answer.body.id) }, replayed: true };
    }
    const registrationId = randomUUID();
    const settings = settingsFor(policy, dto.mallId);
    const staff = { type: 'staff' as const, id: identity.staffId };
    const context = (complaintId: string, actor: AppendContext['actor'] = staff, causationId: string | null = null): AppendContext => ({
      complaintId,
      mallId: dto.mallId,
      actor,
      correlationId: registrationId,
      causationId,
    });
    const subject = await this.personalData.subjectFor(manager, personal, person);

    const linked = await this.linkRepeat(manager, command, dto, subject, registrationId, settings.repeat.lookbackDays, context);
    let answer: StoredAnswer<ComplaintRegisteredResponse>;
    let lookupCode: string;
    if (linked) {
      if (subject) await this.personalData.keep(manager, subject, registrationId, linked.body.id, personal);
      answer = { status: linked.status, body: linked.body };
      lookupCode = linked.lookupCode;
    } else {
      // Sealed before openCase takes the mall's case-number counter, which stays locked until commit.
      const sealed = subject ? this.personalData.seal(subject, registrationId, registrationId, personal) : null;
      const opened = await this.openCase(manager, command, dto, subject, sealed, registrationId, settings.collective, context);
      answer = { status: opened.status, body: opened.body };
      lookupCode = opened.lookupCode;
    }
    await this.attachments.link(manager, attachmentIds, { mallId: dto.mallId, complaintId: answer.body.id, subjectId: subject?.subjectId ?? null });
    if (key) await recordIdempotentAnswer(manager, dto.mallId, key, answer);
    return { ...answer, body: { ...answer.body, lookupCode }, replayed: false };
  }

  /** The same person on an open matter: counted on the open case, no new case (answered 200). */
  private async linkRepeat(
    manager: EntityManager,
    command: Omit<RegisterComplaint['data'], 'caseNumber'>,
    dto: RegisterComplaintDto,
    subject: SubjectHandle | null,
    registrationId: string,
    lookbackDays: number,
    context: (complaintId: string) => AppendContext,
  ): Promise<OpenedCase | null> {
    if (!subject?.known || dto.kind === 'inquiry') return null;
    const { state, rows } = await loadComplainantState(manager, subject.subjectId);
    const [link] = complainantDecider.decide(
      {
        type: 'RegisterForComplainant',
        data: {
          registrationId,
          subjectId: subject.subjectId,
          mallId: dto.mallId,
          category: command.category,
          kind: command.kind,
          channel: command.channel,
          receivedAt: command.receivedAt,
          description: command.description,
          lookbackDays,
          policyVersion: command.policyVersion,
        },
      },
      state,
    );
    if (!link) return null;
    const open = rows.find((row) => row.complaint_id === link.complaintId);
    if (!open) throw new Error(`open case ${link.complaintId} vanished`);
    // The count on the read model and the case's status code (kept if it has one) go in the append's statement.
    const code = this.statusLookup.issueAlongside(link.complaintId, open.case_number, ALONGSIDE_FIRST_PARAM + 2);
    await this.store.append(complaintStreamId(link.complaintId), [link], context(link.complaintId), 'any', manager, {
      name: 'intake-repeat',
      statements: [`UPDATE intake.registrations SET times_raised = $${ALONGSIDE_FIRST_PARAM + 1}::int WHERE complaint_id = $${ALONGSIDE_FIRST_PARAM}::uuid`, code.statement],
      params: [link.complaintId, link.data.repeatCount, ...code.params],
    });
    return {
      status: 200,
      body: {
        id: link.complaintId,
        caseNumber: open.case_number,
        kind: open.kind,
        status: 'open',
        outcome: 'linked-to-open-case',
        registrationId,
        repeatCount: link.data.repeatCount,
      },
      lookupCode: code.code,
    };
  }

  /** A new case (201): an inquiry answered and closed at once, or a case for routing, perhaps part of a collective one. */
  private async openCase(
    manager: EntityManager,
    command: Omit<RegisterComplaint['data'], 'caseNumber'>,
    dto: RegisterComplaintDto,
    subject: SubjectHandle | null,
    sealed: SealedRecords | null,
    complaintId: string,
    collectivePolicy: { windowMinutes: number; minDistinctTenants: number },
    context: (complaintId: string, actor?: AppendContext['actor'], causationId?: string | null) => AppendContext,
  ): Promise<OpenedCase> {
    const policy = this.policy.current(command.now);
    const timeZone = findMall(policy, dto.mallId)?.timeZone ?? policy.timeZone;
    const subjectId = subject?.subjectId ?? null;
    const matterKey = matterKeyOf(command);
    const tenantKey = tenantKeyOf({ tenantUnit: command.tenantUnit, complainantSubjectId: subjectId, complaintId });

    // The person's records go with the counter's statement, unless a matter lock must come between them.
    const locksMatter = command.kind === 'complaint' && matterKey !== null;
    if (sealed && locksMatter) await this.personalData.write(manager, sealed);
    const sealedBefore = sealed && !locksMatter ? sealedWrites(sealed, FIRST_PARAM_BEFORE_CASE_NUMBER) : null;

    // The matter is locked before its state is read, so of two registrations completing a collective only one raises it.
    let matter: { command: RegisterInMatter; state: ReturnType<typeof matterDecider.initialState> } | null = null;
    if (command.kind === 'complaint' && (matterKey !== null || command.groupSize !== undefined)) {
      if (matterKey !== null) await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`intake:matter:${dto.mallId}/${command.category}/${matterKey}`]);
      const state = matterKey === null ? matterDecider.initialState() : await loadMatterState(manager, { mallId: dto.mallId, category: command.category, matterKey }, command.receivedAt, collectivePolicy.windowMinutes);
      matter = {
        state,
        command: {
          type: 'RegisterInMatter',
          data: {
            complaintId,
            kind: command.kind,
            tenantKey,
            receivedAt: command.receivedAt,
            complainantType: command.complainantType,
            written: false,
            description: command.description,
            category: command.category,
            matterKey,
            ...(command.groupSize !== undefined ? { groupSize: command.groupSize } : {}),
            windowMinutes: collectivePolicy.windowMinutes,
            minDistinctTenants: collectivePolicy.minDistinctTenants,
            policyVersion: command.policyVersion,
          },
        },
      };
    }

    const caseNumber = await allocateCaseNumber(manager, dto.mallId, command.receivedAt, timeZone, sealedBefore);
    const registered = complaintDecider.decide({ type: 'RegisterComplaint', data: { ...command, caseNumber, complainantSubjectId: subjectId } }, complaintDecider.initialState());
    const decided = registered[0];
    if (decided?.type !== 'ComplaintRegistered') throw new Error('a registration decides ComplaintRegistered first');
    const data = decided.data;
    const inquiry = data.kind === 'inquiry';
    // The read-model row and the status code go in the append's statement: one round trip while the counter is held.
    const row = [complaintId, dto.mallId, caseNumber, data.kind, data.channel, data.category, data.complainantType, subjectId, data.matterKey, tenantKey, data.receivedAt, data.written, inquiry ? 'closed' : 'open', data.groupSize ?? null, data.policyVersion, data.channelDetails.recordedBy ?? null];
    const code = this.statusLookup.issueAlongside(complaintId, caseNumber, ALONGSIDE_FIRST_PARAM + REGISTRATION_INSERT_PARAMS);
    const appended = await this.store.append(complaintStreamId(complaintId), registered, context(complaintId), 0, manager, {
      name: 'intake-registration',
      statements: [REGISTRATION_INSERT, code.statement],
      params: [...row, ...code.params],
    });
    const [registeredEvent] = appended.events as ComplaintRegistered[];

    let collective: ComplaintRegisteredResponse['collective'];
    if (matter) {
      matter.command.data.written = data.written;
      const detection = detectCollective(matter.command, matter.state);
      if (detection.type === 'raise') {
        matter.command.data.newCollective = { complaintId: randomUUID(), caseNumber: await allocateCaseNumber(manager, dto.mallId, command.receivedAt, timeZone) };
      }
      const decisions = matterDecider.decide(matter.command, matter.state);
      await this.appendMatterDecisions(manager, decisions, dto.mallId, (id) => context(id, SYSTEM, registeredEvent.metadata.eventId));
      const joined = decisions.find((decision) => decision.type === 'ComplaintJoinedCollective' && decision.complaintId === complaintId);
      if (joined?.type === 'ComplaintJoinedCollective') {
        collective = { id: joined.data.collectiveComplaintId, caseNumber: joined.data.collectiveCaseNumber, distinctTenants: joined.data.distinctTenants, raised: detection.type === 'raise' };
      }
    }
    return {
      status: 201,
      body: {
        id: complaintId,
        caseNumber,
        kind: data.kind,
        status: inquiry ? 'closed' : 'open',
        outcome: inquiry ? 'answered-and-closed' : 'registered',
        registrationId: complaintId,
        ...(collective ? { collective } : {}),
      },
      lookupCode: code.code,
    };
  }

  private async appendMatterDecisions(manager: EntityManager, decisions: MatterDecision[], mallId: string, context: (complaintId: string) => AppendContext): Promise<void> {
    for (const decision of decisions) {
      if (decision.type === 'CollectiveComplaintRaised') {
        const raised = decision.data;
        await this.store.append(complaintStreamId(decision.complaintId), [decision], context(decision.complaintId), 0, manager);
        await manager.query(
          `INSERT INTO intake.registrations (complaint_id, mall_id, case_number, kind, channel, category, complainant_type, complainant_subject_id,
             matter_key, tenant_key, received_at, written, status, is_collective, group_size, policy_version)
           VALUES ($1, $2, $3, 'complaint', NULL, $4, $5, NULL, $6, $7, $8, $9, 'open', true, $10, $11)`,
          [decision.complaintId, mallId, raised.caseNumber, raised.category, raised.complainantType, raised.matterKey, `collective:${decision.complaintId}`, raised.receivedAt, raised.written, raised.declaredGroupSize ?? null, raised.policyVersion],
        );
      } else {
        await this.store.append(complaintStreamId(decision.complaintId), [decision], context(decision.complaintId), 'any', manager);
        await manager.query(`UPDATE intake.registrations SET collective_id = $2 WHERE complaint_id = $1`, [decision.complaintId, decision.data.collectiveComplaintId]);
      }
    }
  }

  /** The events of a case's own stream, in the current shape of each type. */
  async ownEvents(complaintId: string): Promise<ComplaintEvent[]> {
    return (await this.store.readStream(complaintStreamId(complaintId))).events;
  }
}
