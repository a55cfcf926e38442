import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ContactKind } from '../complaints/channel-rules';
import { PERSONAL_DATA_KEYS } from './personal-data.keys';
import { PersonalDataRepository } from './personal-data.repository';
import {
  decryptField,
  encryptField,
  newDataKey,
  PersonalDataUnreadable,
  phoneBlindIndex,
  unwrapDataKey,
  wrapDataKey,
  type PersonalDataKeys,
} from './personal-data.crypto';

/** What a registration may say about a person; none of it leaves this store in clear text. */
export interface PersonalData {
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
  account?: string;
  peopleInvolved?: string;
}
export type PersonalField = keyof PersonalData;
export const PERSONAL_FIELDS: PersonalField[] = ['name', 'phone', 'email', 'address', 'account', 'peopleInvolved'];

export const contactsGiven = (data: PersonalData): ContactKind[] =>
  (['name', 'phone', 'email', 'address', 'account'] as const).filter((kind) => data[kind] !== undefined && data[kind] !== '');

/** The person behind a registration, with their data key unwrapped for this transaction. */
export interface SubjectHandle {
  subjectId: string;
  dataKey: Buffer;
  /** Already known by the phone's blind index: earlier registrations of theirs may be open matters. */
  known: boolean;
  /** A new person not written yet: written with their first records, in one statement. */
  unsaved?: { wrappedKey: Buffer; blindIndex: string | null };
}

export interface StoredPersonalData {
  subjectId: string;
  erased: boolean;
  erasedAt: string | null;
  fields: PersonalData;
}

/** A person as found by their phone's blind index (RegistrationRepository.transaction). */
export interface SubjectRow {
  subject_id: string;
  wrapped_key: Buffer | null;
  erased_at: Date | null;
}

/** One registration's sealed fields (and a new person's row), ready to write. */
export interface SealedRecords {
  subjectId: string;
  recordId: string;
  complaintId: string;
  fields: PersonalField[];
  sealed: Buffer[];
  unsaved?: { wrappedKey: Buffer; blindIndex: string | null };
}

/**
 * Intake's personal-data store: a data key per person, wrapped by the master key; fields sealed with
 * AES-256-GCM; the phone's HMAC blind index to recognise the same person again. Erasure drops the
 * wrapped key and the blind index, and with them every field of that person.
 */
@Injectable()
export class PersonalDataStore {
  constructor(
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeys,
    private readonly repository: PersonalDataRepository,
  ) {}

  /** The phone's blind index, by which the same person is found again; null without a phone. */
  blindIndexOf(data: PersonalData): string | null {
    return data.phone ? phoneBlindIndex(this.keys, data.phone) : null;
  }

  /**
   * The person of a registration: the one `found` by the phone's blind index (locked for this
   * transaction, so two registrations of one person are decided one after the other), else a new
   * person; null when nothing personal was given.
   */
  subjectFor(data: PersonalData, blindIndex: string | null, found: SubjectRow | undefined): SubjectHandle | null {
    const given = PERSONAL_FIELDS.some((field) => data[field] !== undefined && data[field] !== '');
    if (!given) return null;
    if (found?.wrapped_key) return { subjectId: found.subject_id, dataKey: unwrapDataKey(this.keys, found.subject_id, found.wrapped_key), known: true };
    const subjectId = randomUUID();
    const dataKey = newDataKey();
    return { subjectId, dataKey, known: false, unsaved: { wrappedKey: wrapDataKey(this.keys, subjectId, dataKey), blindIndex } };
  }

  /** Seals what one registration said about the person, for RegistrationRepository to write; `complaintId` is the case it is shown on. The person counts as written from here on. */
  seal(subject: SubjectHandle, recordId: string, complaintId: string, data: PersonalData): SealedRecords {
    const fields = PERSONAL_FIELDS.filter((field) => data[field] !== undefined && data[field] !== '');
    const unsaved = subject.unsaved;
    subject.unsaved = undefined;
    return {
      subjectId: subject.subjectId,
      recordId,
      complaintId,
      fields,
      sealed: fields.map((field) => encryptField(subject.dataKey, subject.subjectId, recordId, field, data[field] as string)),
      ...(unsaved ? { unsaved } : {}),
    };
  }

  /** What a registration said about its person, decrypted; `erased` when the person's key is gone. */
  async read(recordId: string): Promise<StoredPersonalData | null> {
    const rows = await this.repository.recordsOf(recordId);
    if (rows.length === 0) return null;
    const { subject_id: subjectId, wrapped_key: wrapped, erased_at: erasedAt } = rows[0];
    if (wrapped === null) return { subjectId, erased: true, erasedAt: erasedAt ? new Date(erasedAt).toISOString() : null, fields: {} };
    const dataKey = unwrapDataKey(this.keys, subjectId, wrapped);
    const fields: PersonalData = {};
    for (const row of rows) fields[row.field] = decryptField(dataKey, subjectId, recordId, row.field, row.sealed);
    return { subjectId, erased: false, erasedAt: null, fields };
  }

  /** The subject a phone number belongs to, if any (for an erasure request by phone). */
  async subjectByPhone(phone: string): Promise<string | null> {
    const blindIndex = phoneBlindIndex(this.keys, phone);
    if (!blindIndex) return null;
    return this.repository.subjectIdByBlindIndex(blindIndex);
  }

  /** Locks the person's row for an erasure; null when there is no such person. */
  async lockSubject(manager: EntityManager, subjectId: string): Promise<{ erasedAt: string | null } | null> {
    const row = await this.repository.lockSubject(manager, subjectId);
    if (!row) return null;
    return { erasedAt: row.erased_at ? new Date(row.erased_at).toISOString() : null };
  }

  /** Crypto-shredding: without the wrapped key and the blind index nothing of the person can be read or found. */
  async erase(manager: EntityManager, subjectId: string, erasedBy: string): Promise<string> {
    const erasedAt = await this.repository.erase(manager, subjectId, erasedBy);
    if (!erasedAt) throw new PersonalDataUnreadable(`no subject ${subjectId}`);
    return new Date(erasedAt).toISOString();
  }
}
