import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { PersonalField, SubjectRow } from './personal-data.store';

/** intake.subjects, subject_phones and personal_records: sealed bytes in, sealed bytes out (PersonalDataStore holds the keys). */
@Injectable()
export class PersonalDataRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One registration's sealed fields, with its person's wrapped key (null once erased). */
  recordsOf(recordId: string): Promise<{ field: PersonalField; sealed: Buffer; subject_id: string; wrapped_key: Buffer | null; erased_at: Date | null }[]> {
    return this.dataSource.query(
      `SELECT r.field, r.sealed, r.subject_id, s.wrapped_key, s.erased_at FROM intake.personal_records r
       JOIN intake.subjects s ON s.subject_id = r.subject_id WHERE r.record_id = $1`,
      [recordId],
    );
  }

  async subjectIdByBlindIndex(blindIndex: string): Promise<string | null> {
    const [row]: { subject_id: string }[] = await this.dataSource.query(`SELECT subject_id FROM intake.subject_phones WHERE blind_index = $1`, [blindIndex]);
    return row?.subject_id ?? null;
  }

  async lockSubject(manager: EntityManager, subjectId: string): Promise<SubjectRow | undefined> {
    const [row]: SubjectRow[] = await manager.query(`SELECT subject_id, wrapped_key, erased_at FROM intake.subjects WHERE subject_id = $1 FOR UPDATE`, [subjectId]);
    return row;
  }

  /** Drops the wrapped key and the blind index; answers when, or undefined for no such person. */
  async erase(manager: EntityManager, subjectId: string, erasedBy: string): Promise<Date | undefined> {
    const [row]: { erased_at: Date }[] = await manager.query(
      `WITH erased AS (UPDATE intake.subjects SET wrapped_key = NULL, erased_at = now(), erased_by = $2 WHERE subject_id = $1 RETURNING erased_at)
       SELECT erased_at FROM erased`,
      [subjectId, erasedBy],
    );
    await manager.query(`DELETE FROM intake.subject_phones WHERE subject_id = $1`, [subjectId]);
    return row?.erased_at;
  }
}
