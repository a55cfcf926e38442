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

const subjectLockKey = (blindIndex: string): string => `intake:subject:${blindIndex}`;

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
  /** A new person not written yet: `keep` writes them with their first record, in one statement. */
  unsaved?: { wrappedKey: Buffer; blindIndex: string | null };
}

export interface StoredPersonalData {
  subjectId: string;
  erased: boolean;
  erasedAt: string | null;
  fields: PersonalData;
}

/** What `lockAndFindByPhone`'s statements found, for `subjectFor`. */
export interface PersonLookedUp {
  blindIndex: string;
  found: SubjectRow | undefined;
}

export interface SubjectRow {
  subject_id: string;
  wrapped_key: Buffer | null;
  erased_at: Date | null;
}

const SUBJECT_BY_PHONE = `SELECT s.subject_id, s.wrapped_key, s.erased_at FROM intake.subject_phones p
         JOIN intake.subjects s ON s.subject_id = p.subject_id
         WHERE p.blind_index = $1 FOR UPDATE OF s`;

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
 * The writes of sealed records as CTEs (`subject`, `phone`, `records`) for a statement of the
 * caller's, parameters numbered from `firstParam`; null when there is nothing to write. `name`
 * tells the two texts apart (a prepared statement's name stands for one text).
 */
export const sealedWrites = (records: SealedRecords, firstParam: number): { name: string; ctes: string; params: unknown[] } | null => {
  const [recordId, subjectId, complaintId, fields, sealed, wrappedKey, blindIndex] = [0, 1, 2, 3, 4, 5, 6].map((i) => `$${firstParam + i}`);
  const params: unknown[] = [records.recordId, records.subjectId, records.complaintId, records.fields, records.sealed];
  if (records.unsaved) {
    return {
      name: 'new-person',
      ctes: `subject AS (INSERT INTO intake.subjects (subject_id, wrapped_key) VALUES (${subjectId}::uuid, ${wrappedKey}::bytea) RETURNING subject_id),
       phone AS (INSERT INTO intake.subject_phones (blind_index, subject_id) SELECT ${blindIndex}::text, subject_id FROM subject WHERE ${blindIndex}::text IS NOT NULL),
       records AS (INSERT INTO intake.personal_records (record_id, field, subject_id, complaint_id, sealed)
         SELECT ${recordId}::uuid, f.field, subject.subject_id, ${complaintId}::uuid, f.sealed FROM subject, unnest(${fields}::text[], ${sealed}::bytea[]) AS f(field, sealed))`,
      params: [...params, records.unsaved.wrappedKey, records.unsaved.blindIndex],
    };
  }
  if (records.fields.length === 0) return null;
  return {
    name: 'known-person',
    ctes: `records AS (INSERT INTO intake.personal_records (record_id, field, subject_id, complaint_id, sealed)
       SELECT ${recordId}::uuid, f.field, ${subjectId}::uuid, ${complaintId}::uuid, f.sealed FROM unnest(${fields}::text[], ${sealed}::bytea[]) AS f(field, sealed))`,
    params,
  };
};

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
  async subjectFor(manager: EntityManager, data: PersonalData, lookedUp?: PersonLookedUp): Promise<SubjectHandle | null> {
    const given = PERSONAL_FIELDS.some((field) => data[field] !== undefined && data[field] !== '');
    if (!given) return null;
    const blindIndex = lookedUp ? lookedUp.blindIndex : data.phone ? phoneBlindIndex(this.keys, data.phone) : null;
    if (blindIndex) {
      let found = lookedUp?.found;
      if (!lookedUp) {
        await preparedQuery({ manager }, 'intake-subject-lock', `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [subjectLockKey(blindIndex)]);
        [found] = await preparedQuery<SubjectRow>({ manager }, 'intake-subject-by-phone', SUBJECT_BY_PHONE, [blindIndex]);
      }
      if (found?.wrapped_key) return { subjectId: found.subject_id, dataKey: unwrapDataKey(this.keys, found.subject_id, found.wrapped_key), known: true };
    }
    const subjectId = randomUUID();
    const dataKey = newDataKey();
    return { subjectId, dataKey, known: false, unsaved: { wrappedKey: wrapDataKey(this.keys, subjectId, dataKey), blindIndex } };
  }

  /**
   * What `subjectFor` does first, as SQL text for a caller to send with its transaction's BEGIN (one
   * round trip; its last statement's rows go back to `subjectFor` as `lookedUp`): lock the person
   * by phone, then find them. Each statement of a simple query sees what was committed before it
   * started, so the find sees a registration of the same person that the lock waited for. Null
   * when no phone was given.
   */
  lockAndFindByPhone(data: PersonalData): { sql: string; blindIndex: string } | null {
    const blindIndex = data.phone ? phoneBlindIndex(this.keys, data.phone) : null;
    if (!blindIndex) return null;
    // Spliced into the text, so it must be what phoneBlindIndex makes: hex, nothing else.
    if (!/^[0-9a-f]{64}$/.test(blindIndex)) throw new Error('a blind index is 64 hex digits');
    return { sql: `SELECT pg_advisory_xact_lock(hashtextextended('${subjectLockKey(blindIndex)}', 0)); ${SUBJECT_BY_PHONE.replace('$1', `'${blindIndex}'`)}`, blindIndex };
  }

  /** Seals what one registration said about the person; `complaintId` is the case it is shown on. A new person is written with it. */
  async keep(manager: EntityManager, subject: SubjectHandle, recordId: string, complaintId: string, data: PersonalData): Promise<void> {
    await this.write(manager, this.seal(subject, recordId, complaintId, data));
  }

  /** Writes what `seal` sealed, on its own. */
  async write(manager: EntityManager, records: SealedRecords): Promise<void> {
    const writes = sealedWrites(records, 1);
    if (writes) await preparedQuery({ manager }, `intake-keep-${writes.name}`, `WITH ${writes.ctes} SELECT 1`, writes.params);
  }

  /**
   * The encryption half of `keep`, for a caller that sends the writes (`sealedWrites`) with one of its
   * own statements. The person counts as written from here on.
   */
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
