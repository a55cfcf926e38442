import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LogSignal, PostgresEventStore } from '@mallcare/event-store';
import { Clock, canAccessMall, type Identity } from '@mallcare/platform';
import { AnalyticsException } from '../analytics.exception';
import type { CaseLibraryEntry } from '../reports/report.types';
import { CaseLibraryRepository, type LibraryRow } from './case-library.repository';

export interface CaseLibraryPage {
  items: CaseLibraryEntry[];
  total: number;
  limit: number;
  offset: number;
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
    private readonly library: CaseLibraryRepository,
    @Inject(PostgresEventStore) private readonly events: PostgresEventStore,
    private readonly clock: Clock,
  ) {}

  async mark(identity: Identity, complaintId: string, note: string, now = this.clock.now()): Promise<CaseLibraryEntry> {
    const record = await this.library.recordOf(complaintId);
    // Another mall's case reads as unknown, like every single-case read.
    if (record === null || !canAccessMall(identity, record.mallId)) {
      throw new AnalyticsException('ANALYTICS_CASE_NOT_FOUND', `no case ${complaintId}`);
    }
    if (record.resolvedAt === null && record.closedAt === null) {
      throw new AnalyticsException('ANALYTICS_CASE_NOT_RESOLVED', `case ${record.caseNumber} is not resolved: only resolved or closed cases are examples`, {
        caseNumber: record.caseNumber,
      });
    }
    await this.library.transaction(async (manager) => {
      await this.events.append(
        `case-library-${complaintId}`,
        [{ type: 'CaseMarkedAsExample', data: { caseNumber: record.caseNumber, category: record.category, note }, occurredAt: now.toISOString() }],
        { complaintId, mallId: record.mallId, actor: { type: 'staff', id: identity.staffId }, correlationId: randomUUID(), causationId: null },
        'any',
        manager,
      );
      await this.library.mark(manager, { complaintId, mallId: record.mallId, category: record.category, note, markedBy: identity.staffId, markedAt: now.toISOString() });
    });
    LogSignal.appended(this.events.schema);
    return toEntry({ complaint_id: complaintId, mall_id: record.mallId, note, marked_by: identity.staffId, marked_at: now, record });
  }

  /** Newest first; a mall's staff see their mall's examples, HQ every mall's. */
  async search(identity: Identity, filter: { category?: string; q?: string }, limit: number, offset: number): Promise<CaseLibraryPage> {
    const { total, rows } = await this.library.search(identity.mallId, filter, limit, offset);
    return { items: rows.map(toEntry), total, limit, offset };
  }
}
