import { Injectable } from '@nestjs/common';
import { EVENT_CATALOGUE, type Actor, type Category, type Channel, type ComplainantType, type ComplaintKind } from '@mallcare/contracts';
import { canAccessMall, type Identity } from '@mallcare/platform';
import { contactView, mayReadContact, type ContactView } from '../personal-data/contact-visibility';
import { PersonalDataStore } from '../personal-data/personal-data.store';
import { TimelineRepository } from '../timeline/timeline.repository';
import { ComplaintsRepository, type RegistrationRow } from './complaints.repository';
import { ComplaintsService } from './complaints.service';
import { IntakeException } from '../intake.exception';
import type { CaseStatus, ListComplaintsQuery } from './list-complaints.query';

export interface ComplaintSummary {
  id: string;
  mallId: string;
  caseNumber: string;
  kind: ComplaintKind;
  channel: Channel | null;
  category: Category;
  complainantType: ComplainantType;
  receivedAt: string;
  status: CaseStatus;
  written: boolean;
  collective: boolean;
  collectiveId: string | null;
  timesRaised: number;
  owningDepartmentId: string | null;
  handlingDepartmentId: string | null;
  /** The staff member who recorded it at the desk (null for a collective case, which the system opens). */
  recordedBy: string | null;
}

export interface TimelineEntry {
  eventId: string;
  type: string;
  service: string;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  data: unknown;
}

const summaryOf = (row: RegistrationRow): ComplaintSummary => ({
  id: row.complaint_id,
  mallId: row.mall_id,
  caseNumber: row.case_number,
  kind: row.kind,
  channel: row.channel,
  category: row.category,
  complainantType: row.complainant_type,
  receivedAt: new Date(row.received_at).toISOString(),
  status: row.status,
  written: row.written,
  collective: row.is_collective,
  collectiveId: row.collective_id,
  timesRaised: row.times_raised,
  owningDepartmentId: row.owning_department_id,
  handlingDepartmentId: row.handling_department_id,
  recordedBy: row.recorded_by,
});

/** Reads for staff: every case is checked against the caller's mall; another mall's case is simply not found. */
@Injectable()
export class ComplaintQueries {
  constructor(
    private readonly registrations: ComplaintsRepository,
    private readonly timelines: TimelineRepository,
    private readonly complaints: ComplaintsService,
    private readonly personalData: PersonalDataStore,
  ) {}

  private async row(identity: Identity, complaintId: string): Promise<RegistrationRow> {
    const row = await this.registrations.byId(complaintId);
    if (!row || !canAccessMall(identity, row.mall_id)) throw new IntakeException('INTAKE_COMPLAINT_NOT_FOUND', `no complaint ${complaintId}`);
    return row;
  }

  async complaint(identity: Identity, complaintId: string) {
    const row = await this.row(identity, complaintId);
    const events = await this.complaints.ownEvents(complaintId);
    const full = mayReadContact(identity, { owningDepartmentId: row.owning_department_id, handlingDepartmentId: row.handling_department_id });
    const show = async (recordId: string): Promise<ContactView | null> => contactView(await this.personalData.read(recordId), full);
    const registered = events.find((event) => event.type === 'ComplaintRegistered' || event.type === 'CollectiveComplaintRaised');
    const answered = events.find((event) => event.type === 'InquiryAnswered');
    const repeats = await Promise.all(
      events.flatMap((event) =>
        event.type === 'RepeatComplaintLinked'
          ? [
              (async () => ({
                registrationId: event.data.repeatComplaintId,
                repeatCount: event.data.repeatCount,
                channel: event.data.channel,
                receivedAt: event.data.receivedAt,
                description: event.data.description,
                complainant: await show(event.data.repeatComplaintId),
              }))(),
            ]
          : [],
      ),
    );
    const members = row.is_collective ? await this.registrations.membersOf(complaintId) : [];
    const collectiveCaseNumber = row.collective_id ? await this.registrations.caseNumberOf(row.collective_id) : null;
    return {
      ...summaryOf(row),
      details: registered?.data ?? null,
      answer: answered?.type === 'InquiryAnswered' ? answered.data : null,
      complainant: row.is_collective ? null : await show(complaintId),
      contactVisibility: full ? 'full' : 'masked',
      repeats,
      collectiveCase: row.collective_id ? { id: row.collective_id, caseNumber: collectiveCaseNumber } : null,
      members: row.is_collective
        ? members.map((member) => ({ id: member.complaint_id, caseNumber: member.case_number, receivedAt: new Date(member.received_at).toISOString() }))
        : undefined,
      distinctTenants: row.is_collective ? new Set(members.map((member) => member.tenant_key)).size : undefined,
    };
  }

  async list(identity: Identity, query: ListComplaintsQuery): Promise<{ items: ComplaintSummary[]; total: number; limit: number; offset: number }> {
    if (query.mallId && !canAccessMall(identity, query.mallId)) {
      throw new IntakeException('INTAKE_OTHER_MALL', `staff of mall ${identity.mallId} cannot list mall ${query.mallId}`);
    }
    const mallId = query.mallId ?? identity.mallId ?? undefined;
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const { rows, total } = await this.registrations.list({ ...query, mallId }, limit, offset);
    return { items: rows.map(summaryOf), total, limit, offset };
  }

  /** Intake's own events read from its log, the others' from the projection, in recording order. */
  async timeline(identity: Identity, complaintId: string): Promise<{ complaintId: string; caseNumber: string; entries: TimelineEntry[] }> {
    const row = await this.row(identity, complaintId);
    const own = (await this.complaints.ownEvents(complaintId)).map(
      (event): TimelineEntry => ({
        eventId: event.metadata.eventId,
        type: event.type,
        service: EVENT_CATALOGUE[event.type].producer,
        occurredAt: event.metadata.occurredAt,
        recordedAt: event.metadata.recordedAt,
        actor: event.metadata.actor,
        data: event.data,
      }),
    );
    const others = (await this.timelines.entriesOf(complaintId)).map(
      (entry): TimelineEntry => ({
        eventId: entry.event_id,
        type: entry.event_type,
        service: entry.service,
        occurredAt: new Date(entry.occurred_at).toISOString(),
        recordedAt: new Date(entry.recorded_at).toISOString(),
        actor: entry.actor,
        data: entry.data,
      }),
    );
    const entries = [...own, ...others].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
    return { complaintId, caseNumber: row.case_number, entries };
  }
}
