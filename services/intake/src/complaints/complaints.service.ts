import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ChannelDetailsV1, ComplaintEvent } from '@mallcare/contracts';
import { LogSignal, PostgresEventStore, retryOnConflict, type AppendContext } from '@mallcare/event-store';
import { assertMallAccess, Clock, PolicyStore, type Identity } from '@mallcare/platform';
import { findMall, findStaffMember, settingsFor, type GroupPolicy } from '@mallcare/policy';
import type { EntityManager } from 'typeorm';
import { canonicalJson, type StoredAnswer } from '../idempotency/idempotency';
import { complainantDecider } from '../matters/complainant.decider';
import { matterKeyOf, tenantKeyOf } from '../matters/matter-keys';
import { detectCollective, matterDecider, type MatterDecision, type MatterState, type RegisterInMatter } from '../matters/matter.decider';
import { complainantStateOf, matterStateOf } from '../matters/matter.projection';
import { requestFingerprint, type PersonalDataKeys } from '../personal-data/personal-data.crypto';
import { PERSONAL_DATA_KEYS } from '../personal-data/personal-data.keys';
import { contactsGiven, PersonalDataStore, type PersonalData, type SubjectHandle } from '../personal-data/personal-data.store';
import { formatCaseNumber, localDay } from './case-numbers';
import { checkRegistration, complaintDecider, type RegisterComplaint } from './complaint.decider';
import { IntakeException } from '../intake.exception';
import { StatusLookupService } from '../status-lookup/status-lookup.service';
import { AttachmentsService } from '../attachments/attachments.service';
import type { ComplaintRegisteredResponse, RegisterComplaintDto } from './register-complaint.dto';
import { complaintStreamId, RegistrationRepository } from './registration.repository';

const REGISTRATION_RETRY = { retries: 2 };
const SYSTEM = { type: 'system' as const, id: 'intake' };

export type RegistrationAnswer = StoredAnswer<ComplaintRegisteredResponse> & { replayed: boolean };

/** The customer's status code of a new case is written with its events. */
type OpenedCase = StoredAnswer<ComplaintRegisteredResponse> & { lookupCode: string };

type RegistrationCommand = Omit<RegisterComplaint['data'], 'caseNumber'>;

/** One registration as checked, before its transaction. */
interface Registration {
  dto: RegisterComplaintDto;
  command: RegistrationCommand;
  personal: PersonalData;
  policy: GroupPolicy;
  idempotency: { key: string; fingerprint: string } | null;
  attachmentIds: string[];
  /** The correlation id of its events, and the id of its case when it opens one. */
  registrationId: string;
  registeredBy: string;
}

/** Its events name the staff member, or intake itself for what the matter decided. */
const contextOf = (registration: Registration, complaintId: string, actor: AppendContext['actor'] = { type: 'staff', id: registration.registeredBy }, causationId: string | null = null): AppendContext => ({
  complaintId,
  mallId: registration.dto.mallId,
  actor,
  correlationId: registration.registrationId,
  causationId,
});

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
 * the idempotency answer together. What it writes, in order, with its SQL: RegistrationRepository.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    private readonly registrations: RegistrationRepository,
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
    if (!mall) throw new IntakeException('INTAKE_MALL_UNKNOWN', `the group has no mall ${dto.mallId}`);
    assertMallAccess(identity, dto.mallId);
    if (!mall.enabledChannels.includes(dto.channel)) {
      throw new IntakeException('INTAKE_CHANNEL_NOT_ENABLED', `mall ${dto.mallId} does not take complaints by ${dto.channel}`, { enabledChannels: mall.enabledChannels });
    }
    const recordedBy = dto.recordedBy ?? identity.staffId;
    const recorder = findStaffMember(policy, recordedBy);
    if (dto.recordedBy && (!recorder || !recorder.active || (recorder.mallId !== null && recorder.mallId !== dto.mallId))) {
      throw new IntakeException('INTAKE_RECORDER_UNKNOWN', `${recordedBy} is not active staff of mall ${dto.mallId}`, { field: 'recordedBy' });
    }
    if (idempotencyHeader && dto.idempotencyKey && idempotencyHeader !== dto.idempotencyKey) {
      throw new IntakeException('INTAKE_IDEMPOTENCY_KEYS_DIFFER', 'the Idempotency-Key header and idempotencyKey differ');
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
    const checked = { dto, command, personal, policy, idempotency: key && fingerprint ? { key, fingerprint } : null, attachmentIds: uploads.attachmentIds, registeredBy: identity.staffId };
    const blindIndex = this.personalData.blindIndexOf(personal);

    // Another registration appended to a member's or an open case's stream first: decide again on fresh state.
    return retryOnConflict(async () => {
      const answer = await this.registrations.transaction(blindIndex, (manager, found) =>
        this.registerIn(manager, { ...checked, registrationId: randomUUID() }, this.personalData.subjectFor(personal, blindIndex, found)),
      );
      if (!answer.replayed) LogSignal.appended(this.store.schema);
      return answer;
    }, REGISTRATION_RETRY);
  }

  /** Inside the transaction, after the person's lock and look-up (step 1). */
  private async registerIn(manager: EntityManager, registration: Registration, subject: SubjectHandle | null): Promise<RegistrationAnswer> {
    const { dto, idempotency } = registration;
    if (idempotency) {
      const claim = await this.registrations.claimIdempotencyKey<ComplaintRegisteredResponse>(manager, dto.mallId, idempotency.key, idempotency.fingerprint);
      if (claim.type === 'reused-for-another-request') {
        throw new IntakeException('INTAKE_IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for another registration at this mall');
      }
      // The code is never stored in clear: a replay derives it again.
      if (claim.type === 'answered') return { ...claim.answer, body: { ...claim.answer.body, lookupCode: this.statusLookup.codeFor(claim.answer.body.id) }, replayed: true };
    }
    const opened = (await this.linkRepeat(manager, registration, subject)) ?? (await this.openCase(manager, registration, subject));
    const answer = { status: opened.status, body: opened.body };
    await this.attachments.link(manager, registration.attachmentIds, { mallId: dto.mallId, complaintId: answer.body.id, subjectId: subject?.subjectId ?? null });
    if (idempotency) await this.registrations.recordIdempotentAnswer(manager, dto.mallId, idempotency.key, answer);
    return { ...answer, body: { ...answer.body, lookupCode: opened.lookupCode }, replayed: false };
  }

  /** The same person on an open matter: counted on the open case, no new case (answered 200). */
  private async linkRepeat(manager: EntityManager, registration: Registration, subject: SubjectHandle | null): Promise<OpenedCase | null> {
    const { dto, command, personal, policy, registrationId } = registration;
    if (!subject?.known || dto.kind === 'inquiry') return null;
    const rows = await this.registrations.openCasesOf(manager, subject.subjectId);
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
          lookbackDays: settingsFor(policy, dto.mallId).repeat.lookbackDays,
          policyVersion: command.policyVersion,
        },
      },
      complainantStateOf(rows),
    );
    if (!link) return null;
    const open = rows.find((row) => row.complaint_id === link.complaintId);
    if (!open) throw new Error(`open case ${link.complaintId} vanished`);
    const code = this.statusLookup.issue(link.complaintId, open.case_number);
    await this.registrations.appendRepeat(manager, { event: link, context: contextOf(registration, link.complaintId), repeatCount: link.data.repeatCount, code: code.stored });
    await this.registrations.writePersonalRecords(manager, this.personalData.seal(subject, registrationId, link.complaintId, personal));
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
  private async openCase(manager: EntityManager, registration: Registration, subject: SubjectHandle | null): Promise<OpenedCase> {
    const { dto, command, personal, policy, registrationId: complaintId } = registration;
    const settings = settingsFor(policy, dto.mallId);
    const timeZone = findMall(policy, dto.mallId)?.timeZone ?? policy.timeZone;
    const subjectId = subject?.subjectId ?? null;
    const matterKey = matterKeyOf(command);
    const tenantKey = tenantKeyOf({ tenantUnit: command.tenantUnit, complainantSubjectId: subjectId, complaintId });
    // Sealed before the mall's case-number counter is taken, which stays locked until commit.
    const sealed = subject ? this.personalData.seal(subject, complaintId, complaintId, personal) : null;

    // The person's records go with the counter's statement, unless the matter's lock must come between them.
    const matterLocked = command.kind === 'complaint' && matterKey !== null;
    if (sealed && matterLocked) await this.registrations.writePersonalRecords(manager, sealed);
    let matter: { command: RegisterInMatter; state: MatterState } | null = null;
    if (command.kind === 'complaint' && (matterKey !== null || command.groupSize !== undefined)) {
      let state = matterDecider.initialState();
      if (matterKey !== null) {
        const key = { mallId: dto.mallId, category: command.category, matterKey };
        await this.registrations.lockMatter(manager, key);
        const windowMs = settings.collective.windowMinutes * 60_000;
        const found = await this.registrations.matterMembers(manager, key, new Date(command.receivedAt.getTime() - windowMs), new Date(command.receivedAt.getTime() + windowMs));
        state = matterStateOf(found.members, found.collectives);
      }
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
            windowMinutes: settings.collective.windowMinutes,
            minDistinctTenants: settings.collective.minDistinctTenants,
            policyVersion: command.policyVersion,
          },
        },
      };
    }

    const day = localDay(command.receivedAt, timeZone);
    const caseNumber = formatCaseNumber(dto.mallId, day, await this.registrations.nextCaseNumber(manager, dto.mallId, day, matterLocked ? null : sealed));
    const registered = complaintDecider.decide({ type: 'RegisterComplaint', data: { ...command, caseNumber, complainantSubjectId: subjectId } }, complaintDecider.initialState());
    const decided = registered[0];
    if (decided?.type !== 'ComplaintRegistered') throw new Error('a registration decides ComplaintRegistered first');
    const data = decided.data;
    const inquiry = data.kind === 'inquiry';
    const code = this.statusLookup.issue(complaintId, caseNumber);
    const [registeredEvent] = await this.registrations.appendRegistration(manager, {
      events: registered,
      context: contextOf(registration, complaintId),
      row: {
        complaintId,
        mallId: dto.mallId,
        caseNumber,
        kind: data.kind,
        channel: data.channel,
        category: data.category,
        complainantType: data.complainantType,
        complainantSubjectId: subjectId,
        matterKey: data.matterKey,
        tenantKey,
        receivedAt: data.receivedAt,
        written: data.written,
        status: inquiry ? 'closed' : 'open',
        groupSize: data.groupSize ?? null,
        policyVersion: data.policyVersion,
        recordedBy: data.channelDetails.recordedBy ?? null,
      },
      code: code.stored,
    });

    let collective: ComplaintRegisteredResponse['collective'];
    if (matter) {
      matter.command.data.written = data.written;
      const detection = detectCollective(matter.command, matter.state);
      if (detection.type === 'raise') {
        const number = await this.registrations.nextCaseNumber(manager, dto.mallId, day, null);
        matter.command.data.newCollective = { complaintId: randomUUID(), caseNumber: formatCaseNumber(dto.mallId, day, number) };
      }
      const decisions = matterDecider.decide(matter.command, matter.state);
      await this.appendMatterDecisions(manager, decisions, dto.mallId, (id) => contextOf(registration, id, SYSTEM, registeredEvent.metadata.eventId));
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
        await this.registrations.appendCollectiveRaised(manager, {
          event: decision,
          context: context(decision.complaintId),
          row: {
            complaintId: decision.complaintId,
            mallId,
            caseNumber: raised.caseNumber,
            category: raised.category,
            complainantType: raised.complainantType,
            matterKey: raised.matterKey,
            tenantKey: `collective:${decision.complaintId}`,
            receivedAt: raised.receivedAt,
            written: raised.written,
            groupSize: raised.declaredGroupSize ?? null,
            policyVersion: raised.policyVersion,
          },
        });
      } else {
        await this.registrations.appendJoinedCollective(manager, { event: decision, context: context(decision.complaintId), collectiveId: decision.data.collectiveComplaintId });
      }
    }
  }

  /** The events of a case's own stream, in the current shape of each type. */
  async ownEvents(complaintId: string): Promise<ComplaintEvent[]> {
    return (await this.store.readStream(complaintStreamId(complaintId))).events;
  }
}
