import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseRecord } from '../figures/case-record';

export interface LibraryRow {
  complaint_id: string;
  mall_id: string;
  note: string;
  marked_by: string;
  marked_at: Date;
  record: CaseRecord;
}

/** analytics.case_library: the marked examples, read with their case records (analytics.case_paths). */
@Injectable()
export class CaseLibraryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async recordOf(complaintId: string): Promise<CaseRecord | null> {
    const rows: { record: CaseRecord | null }[] = await this.dataSource.query(`SELECT record FROM analytics.case_paths WHERE complaint_id = $1`, [complaintId]);
    return rows[0]?.record ?? null;
  }

  async mark(manager: EntityManager, entry: { complaintId: string; mallId: string; category: string; note: string; markedBy: string; markedAt: string }): Promise<void> {
    await manager.query(
      `INSERT INTO analytics.case_library (complaint_id, mall_id, category, note, marked_by, marked_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (complaint_id) DO UPDATE SET note = EXCLUDED.note, marked_by = EXCLUDED.marked_by, marked_at = EXCLUDED.marked_at`,
      [entry.complaintId, entry.mallId, entry.category, entry.note, entry.markedBy, entry.markedAt],
    );
  }

  /** Newest first; `mallId` null: every mall's. */
  async search(mallId: string | null, filter: { category?: string; q?: string }, limit: number, offset: number): Promise<{ total: number; rows: LibraryRow[] }> {
    const params: unknown[] = [mallId, filter.category ?? null, filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null];
    const where = `($1::text IS NULL OR l.mall_id = $1) AND ($2::text IS NULL OR l.category = $2)
      AND ($3::text IS NULL OR l.note ILIKE $3 OR p.record->>'caseNumber' ILIKE $3 OR l.category ILIKE $3)`;
    const [{ total }]: { total: string }[] = await this.dataSource.query(
      `SELECT count(*)::text AS total FROM analytics.case_library l JOIN analytics.case_paths p USING (complaint_id) WHERE ${where}`,
      params,
    );
    const rows: LibraryRow[] = await this.dataSource.query(
      `SELECT l.complaint_id, l.mall_id, l.note, l.marked_by, l.marked_at, p.record FROM analytics.case_library l
       JOIN analytics.case_paths p USING (complaint_id) WHERE ${where} ORDER BY l.marked_at DESC, l.complaint_id LIMIT $4 OFFSET $5`,
      [...params, limit, offset],
    );
    return { total: Number(total), rows };
  }
}
