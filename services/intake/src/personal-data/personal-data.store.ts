import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { preparedQuery } from '@mallcare/event-store';
import { DataSource, type EntityManager } from 'typeorm';
import type { ContactKind } from '../complaints/channel-rules';
import { PERSONAL_DATA_KEYS } from './personal-data.keys';
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
}

export interface StoredPersonalData {
  subjectId: string;
  erased: boolean;
  erasedAt: string | null;
  fields: PersonalData;
}

interface SubjectRow {
  subject_id: string;
  wrapped_key: Buffer | null;
  erased_at: Date | null;
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
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * The person of a registration: found by phone (locked for this transaction, so two registrations
   * of one person are decided one after the other), else a new person; null when nothing personal was given.
   */
  async subjectFor(manager: EntityManager, data: PersonalData): Promise<SubjectHandle | null> {
    const given = PERSONAL_FIELDS.some((field) => data[field] !== undefined && data[field] !== '');
    if (!given) return null;
    const blindIndex = data.phone ? phoneBlindIndex(this.keys, data.phone) : null;
    if (blindIndex) {
      await preparedQuery({ manager }, 'intake-subject-lock', `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`intake:subject:${blindIndex}`]);
      const [found] = await preparedQuery<SubjectRow>(
        { manager },
        'intake-subject-by-phone',
        `SELECT s.subject_id, s.wrapped_key, s.erased_at FROM intake.subject_phones p
         JOIN intake.subjects s ON s.subject_id = p.subject_id
         WHERE p.blind_index = $1 FOR UPDATE OF s`,
        [blindIndex],
      );
      if (found?.wrapped_key) return { subjectId: found.subject_id, dataKey: unwrapDataKey(this.keys, found.subject_id, found.wrapped_key), known: true };
    }
    const subjectId = randomUUID();
    const dataKey = newDataKey();
    await preparedQuery(
      { manager },
      'intake-subject-insert',
      `WITH subject AS (INSERT INTO intake.subjects (subject_id, wrapped_key) VALUES ($1, $2) RETURNING subject_id)
       INSERT INTO intake.subject_phones (blind_index, subject_id) SELECT $3, subject_id FROM subject WHERE $3::text IS NOT NULL`,
      [subjectId, wrapDataKey(this.keys, subjectId, dataKey), blindIndex],
    );
    return { subjectId, dataKey, known: false };
  }

  /** Seals what one registration said about the person; `complaintId` is the case it is shown on. */
  async keep(manager: EntityManager, subject: SubjectHandle, recordId: string, complaintId: string, data: PersonalData): Promise<void> {
    const rows = PERSONAL_FIELDS.filter((field) => data[field] !== undefined && data[field] !== '').map((field) => [
      field,
      encryptField(subject.dataKey, subject.subjectId, recordId, field, data[field] as string),
    ]);
    if (rows.length === 0) return;
    await preparedQuery(
      { manager },
      'intake-personal-records-insert',
      `INSERT INTO intake.personal_records (record_id, field, subject_id, complaint_id, sealed)
       SELECT $1, f.field, $2, $3, f.sealed FROM unnest($4::text[], $5::bytea[]) AS f(field, sealed)`,
      [recordId, subject.subjectId, complaintId, rows.map(([field]) => field), rows.map(([, sealed]) => sealed)],
    );
  }

  /** What a registration said about its person, decrypted; `erased` when the person's key is gone. */
  async read(recordId: string): Promise<StoredPersonalData | null> {
    const rows: { field: PersonalField; sealed: Buffer; subject_id: string; wrapped_key: Buffer | null; erased_at: Date | null }[] = await this.dataSource.query(
      `SELECT r.field, r.sealed, r.subject_id, s.wrapped_key, s.erased_at FROM intake.personal_records r
       JOIN intake.subjects s ON s.subject_id = r.subject_id WHERE r.record_id = $1`,
      [recordId],
    );
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
    const [row]: { subject_id: string }[] = await this.dataSource.query(`SELECT subject_id FROM intake.subject_phones WHERE blind_index = $1`, [blindIndex]);
    return row?.subject_id ?? null;
  }

  /** Locks the person's row for an erasure; null when there is no such person. */
  async lockSubject(manager: EntityManager, subjectId: string): Promise<{ erasedAt: string | null } | null> {
    const [row]: SubjectRow[] = await manager.query(`SELECT subject_id, wrapped_key, erased_at FROM intake.subjects WHERE subject_id = $1 FOR UPDATE`, [subjectId]);
    if (!row) return null;
    return { erasedAt: row.erased_at ? new Date(row.erased_at).toISOString() : null };
  }

  /** Crypto-shredding: without the wrapped key and the blind index nothing of the person can be read or found. */
  async erase(manager: EntityManager, subjectId: string, erasedBy: string): Promise<string> {
    const [row]: { erased_at: Date }[] = await manager.query(
      `WITH erased AS (UPDATE intake.subjects SET wrapped_key = NULL, erased_at = now(), erased_by = $2 WHERE subject_id = $1 RETURNING erased_at)
       SELECT erased_at FROM erased`,
      [subjectId, erasedBy],
    );
    await manager.query(`DELETE FROM intake.subject_phones WHERE subject_id = $1`, [subjectId]);
    if (!row) throw new PersonalDataUnreadable(`no subject ${subjectId}`);
    return new Date(row.erased_at).toISOString();
  }
}
