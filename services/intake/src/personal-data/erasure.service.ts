import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { handleCommand, inCommandTransaction, PostgresEventStore } from '@mallcare/event-store';
import { canAccessMall, type Identity } from '@mallcare/platform';
import { DataSource } from 'typeorm';
import { complaintDecider } from '../complaints/complaint.decider';
import { ComplaintsRepository } from '../complaints/complaints.repository';
import { complaintStreamId } from '../complaints/registration.repository';
import { IntakeException } from '../intake.exception';
import { AttachmentsService } from '../attachments/attachments.service';
import { PersonalDataStore } from './personal-data.store';

export interface ErasureResult {
  subjectId: string;
  erasedAt: string;
  /** Cases whose complainant this was: their personal data is unreadable, the cases stay. */
  complaintIds: string[];
  alreadyErased: boolean;
}

/**
 * DOMAIN §10: erase a person on request without rewriting history. The person's key and blind index
 * go; each of their cases records PersonalDataErased; every event, count and timeline stays.
 */
@Injectable()
export class ErasureService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    private readonly personalData: PersonalDataStore,
    private readonly attachments: AttachmentsService,
    private readonly registrations: ComplaintsRepository,
  ) {}

  /**
   * A mall's GM may erase only a person who complained at their mall; HQ anyone. Anyone else is told
   * `notFound`, word for word what an unknown person gets, so the answer confirms nothing.
   */
  private async casesOf(
    identity: Identity,
    subjectId: string,
    notFound: () => IntakeException,
    manager = this.dataSource.manager,
  ): Promise<{ all: { complaint_id: string; mall_id: string }[]; visible: string[] }> {
    const all = await this.registrations.casesOfSubject(manager, subjectId);
    const visible = all.filter((c) => canAccessMall(identity, c.mall_id)).map((c) => c.complaint_id);
    if (identity.mallId !== null && visible.length === 0) throw notFound();
    return { all, visible };
  }

  async erase(identity: Identity, subjectId: string): Promise<ErasureResult> {
    const result = await inCommandTransaction(this.store, async (manager) => {
      const notFound = (): IntakeException => new IntakeException('INTAKE_SUBJECT_NOT_FOUND', `no person ${subjectId}`);
      const subject = await this.personalData.lockSubject(manager, subjectId);
      if (!subject) throw notFound();
      // The person's key goes for every mall's cases; the answer lists only the caller's.
      const { all, visible: complaintIds } = await this.casesOf(identity, subjectId, notFound, manager);
      if (subject.erasedAt) return { subjectId, erasedAt: subject.erasedAt, complaintIds, alreadyErased: true, objectKeys: [] };
      const erasedAt = await this.personalData.erase(manager, subjectId, identity.staffId);
      // The person's photos and documents go too: their rows now, the files once this commits.
      const objectKeys = await this.attachments.forgetSubject(manager, subjectId);
      for (const { complaint_id: complaintId, mall_id: mallId } of all) {
        await handleCommand(this.store, {
          streamId: complaintStreamId(complaintId),
          decider: complaintDecider,
          command: { type: 'ErasePersonalData', data: { subjectId, erasedBy: identity.staffId } },
          context: { complaintId, mallId, actor: { type: 'staff', id: identity.staffId }, correlationId: subjectId, causationId: null },
          manager,
        });
      }
      return { subjectId, erasedAt, complaintIds, alreadyErased: false, objectKeys };
    });
    const { objectKeys, ...answer } = result;
    await this.attachments.deleteObjects(objectKeys);
    return answer;
  }

  /** The person behind a phone number (an erasure request usually comes by phone). */
  async lookupByPhone(identity: Identity, phone: string): Promise<{ subjectId: string; complaintIds: string[] }> {
    const notFound = (): IntakeException => new IntakeException('INTAKE_SUBJECT_NOT_FOUND', 'no person with that phone number');
    const subjectId = await this.personalData.subjectByPhone(phone);
    if (!subjectId) throw notFound();
    const { visible } = await this.casesOf(identity, subjectId, notFound);
    return { subjectId, complaintIds: visible };
  }
}
