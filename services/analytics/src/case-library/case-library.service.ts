import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LogSignal, PostgresEventStore } from '@mallcare/event-store';
import { Clock, canAccessMall, FailureKind, type Identity } from '@mallcare/platform';
import type { DataSource } from 'typeorm';
import type { CaseRecord } from '../figures/case-record';
import { AnalyticsException, AnalyticsExceptionCode } from '../analytics.exception';
import type { CaseLibraryEntry } from '../reports/report.types';

export interface CaseLibraryPage {
  items: CaseLibraryEntry[];
  total: number;
  limit: number;
  offset: number;
}

interface LibraryRow {
  complaint_id: string;
  mall_id: string;
  note: string;
  marked_by: string;
  marked_at: Date;
  record: CaseRecord;
}

const toEntry = (row: LibraryRow): CaseLibraryEntry => ({
  complaintId: row.complaint_id,
  caseNumber: row.record.caseNumber,
  mallId: row.mall_id,
  kind: row.record.kind,
  category: row.record.category,
  severity: row.record.severity,
  note: row.note,
  markedBy: row.marked_by,
  markedAt: new Date(row.marked_at).toISOString(),
  receivedAt: row.record.receivedAt,
  resolvedAt: row.record.resolvedAt,
  closedAt: row.record.closedAt,
  satisfaction: row.record.satisfaction,
});

/** The case library 案例库 (000 §4.11): resolved cases marked as training examples, each marking an analytics event. */
@Injectable()
export class CaseLibraryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PostgresEventStore) private readonly events: PostgresEventStore,
    private readonly clock: Clock,
  ) {}

  async mark(identity: Identity, complaintId: string, note: string, now = this.clock.now()): Promise<CaseLibraryEntry> {
    const rows: { record: CaseRecord | null }[] = await this.dataSource.query(`SELECT record FROM analytics.case_paths WHERE complaint_id = $1`, [complaintId]);
    const record = rows[0]?.record ?? null;
    // Another mall's case reads as unknown, like every single-case read.
    if (record === null || !canAccessMall(identity, record.mallId)) {
      throw new AnalyticsException(AnalyticsExceptionCode.CaseNotFound, FailureKind.NotFound, `no case ${complaintId}`);
    }
    if (record.resolvedAt === null && record.closedAt === null) {
      throw new AnalyticsException(AnalyticsExceptionCode.CaseNotResolved, FailureKind.WrongState, `case ${record.caseNumber} is not resolved: only resolved or closed cases are examples`, {
        caseNumber: record.caseNumber,
      });
    }
    await this.dataSource.transaction(async (manager) => {
      await this.events.append(
        `case-library-${complaintId}`,
        [{ type: 'CaseMarkedAsExample', data: { caseNumber: record.caseNumber, category: record.category, note }, occurredAt: now.toISOString() }],
        { complaintId, mallId: record.mallId, actor: { type: 'staff', id: identity.staffId }, correlationId: randomUUID(), causationId: null },
        'any',
        manager,
      );
      await manager.query(
        `INSERT INTO analytics.case_library (complaint_id, mall_id, category, note, marked_by, marked_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (complaint_id) DO UPDATE SET note = EXCLUDED.note, marked_by = EXCLUDED.marked_by, marked_at = EXCLUDED.marked_at`,
        [complaintId, record.mallId, record.category, note, identity.staffId, now.toISOString()],
      );
    });
    LogSignal.appended(this.events.schema);
    return toEntry({ complaint_id: complaintId, mall_id: record.mallId, note, marked_by: identity.staffId, marked_at: now, record });
  }

  /** Newest first; a mall's staff see their mall's examples, HQ every mall's. */
  async search(identity: Identity, filter: { category?: string; q?: string }, limit: number, offset: number): Promise<CaseLibraryPage> {
    const params: unknown[] = [identity.mallId, filter.category ?? null, filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null];
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
    return { items: rows.map(toEntry), total: Number(total), limit, offset };
  }
}
