import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ANALYTICS_PACKS_STREAM_KEY, HQ_MALL_ID, HQ_PACK_SCOPE, type Actor, type PackKind, type PackTrigger } from '@mallcare/contracts';
import { LogSignal, PostgresEventStore } from '@mallcare/event-store';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';

/** One runner at a time across every instance: a PostgreSQL advisory lock, tried, never waited for. */
export const MONTHLY_PACK_LOCK = 'mallcare-analytics:monthly-pack';

/** On the runner's own connection (the lock lasts as long as it); false when another runner holds it. */
export const tryPackRunLock = async (runner: QueryRunner): Promise<boolean> => {
  const [row]: { locked: boolean }[] = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [MONTHLY_PACK_LOCK]);
  return row.locked;
};

export const releasePackRunLock = async (runner: QueryRunner): Promise<void> => {
  await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [MONTHLY_PACK_LOCK]);
};

/** A stored pack file without its bytes (what lists show). */
export interface ReportPackSummary {
  id: string;
  scope: string;
  month: string;
  kind: PackKind;
  fileName: string;
  contentType: string;
  byteLength: number;
  sha256: string;
  figuresAsOf: string;
  trigger: PackTrigger;
  producedAt: string;
}

export interface ReportPackFile extends ReportPackSummary {
  bytes: Buffer;
}

export interface NewReportPack {
  scope: string;
  month: string;
  kind: PackKind;
  fileName: string;
  contentType: string;
  bytes: Buffer;
  figuresAsOf: string;
  trigger: PackTrigger;
}

interface PackRow {
  id: string;
  scope: string;
  month: string;
  kind: PackKind;
  file_name: string;
  content_type: string;
  byte_length: number;
  sha256: string;
  figures_as_of: Date;
  trigger: PackTrigger;
  produced_at: Date;
  bytes?: Buffer;
}

const SUMMARY_COLUMNS = 'id, scope, month, kind, file_name, content_type, byte_length, sha256, figures_as_of, trigger, produced_at';

const toSummary = (row: PackRow): ReportPackSummary => ({
  id: row.id,
  scope: row.scope,
  month: row.month,
  kind: row.kind,
  fileName: row.file_name,
  contentType: row.content_type,
  byteLength: Number(row.byte_length),
  sha256: row.sha256,
  figuresAsOf: new Date(row.figures_as_of).toISOString(),
  trigger: row.trigger,
  producedAt: new Date(row.produced_at).toISOString(),
});

export const packStreamId = (scope: string, month: string): string => `monthly-pack:${scope}:${month}`;

/**
 * analytics.report_packs, and the MonthlyAnalysisPackProduced event of each new pack, in one
 * transaction: the unique (scope, month, kind) makes a rerun store nothing and record nothing.
 */
@Injectable()
export class ReportPackRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PostgresEventStore) private readonly events: PostgresEventStore,
  ) {}

  /** The pack's summary when it was new; null when the scope/month/kind was already stored. */
  async save(pack: NewReportPack, actor: Actor, now: Date): Promise<ReportPackSummary | null> {
    const id = randomUUID();
    const sha256 = createHash('sha256').update(pack.bytes).digest('hex');
    const saved = await this.dataSource.transaction(async (manager) => {
      const rows: PackRow[] = await manager.query(
        `INSERT INTO analytics.report_packs (id, scope, month, kind, file_name, content_type, bytes, byte_length, sha256, figures_as_of, trigger, produced_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (scope, month, kind) DO NOTHING
         RETURNING ${SUMMARY_COLUMNS}`,
        [id, pack.scope, pack.month, pack.kind, pack.fileName, pack.contentType, pack.bytes, pack.bytes.length, sha256, pack.figuresAsOf, pack.trigger, now.toISOString()],
      );
      if (rows.length === 0) return null;
      const summary = toSummary(rows[0]);
      await this.events.append(
        packStreamId(pack.scope, pack.month),
        [
          {
            type: 'MonthlyAnalysisPackProduced',
            data: {
              packId: summary.id,
              scope: summary.scope,
              month: summary.month,
              kind: summary.kind,
              fileName: summary.fileName,
              byteLength: summary.byteLength,
              sha256: summary.sha256,
              trigger: summary.trigger,
              figuresAsOf: summary.figuresAsOf,
            },
            occurredAt: summary.producedAt,
          },
        ],
        {
          complaintId: ANALYTICS_PACKS_STREAM_KEY,
          mallId: pack.scope === HQ_PACK_SCOPE ? HQ_MALL_ID : pack.scope,
          actor,
          correlationId: randomUUID(),
          causationId: null,
        },
        'any',
        manager,
      );
      return summary;
    });
    if (saved) LogSignal.appended(this.events.schema);
    return saved;
  }

  async kindsStored(scope: string, month: string): Promise<Set<PackKind>> {
    const rows: { kind: PackKind }[] = await this.dataSource.query(`SELECT kind FROM analytics.report_packs WHERE scope = $1 AND month = $2`, [scope, month]);
    return new Set(rows.map((row) => row.kind));
  }

  /** Packs of a month (or every month), newest first; `scope` narrows to one mall (a mall's staff see only theirs and none of HQ's). */
  async list(filter: { month?: string; scope?: string }, limit: number, offset: number): Promise<{ total: number; packs: ReportPackSummary[] }> {
    const params = [filter.month ?? null, filter.scope ?? null];
    const where = `($1::text IS NULL OR month = $1) AND ($2::text IS NULL OR scope = $2)`;
    const [{ total }]: { total: string }[] = await this.dataSource.query(`SELECT count(*)::text AS total FROM analytics.report_packs WHERE ${where}`, params);
    const rows: PackRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM analytics.report_packs WHERE ${where} ORDER BY month DESC, scope, kind LIMIT $3 OFFSET $4`,
      [...params, limit, offset],
    );
    return { total: Number(total), packs: rows.map(toSummary) };
  }

  /** The latest month with a stored pack, null when none. */
  async latestMonth(): Promise<string | null> {
    const [row]: { month: string | null }[] = await this.dataSource.query(`SELECT max(month) AS month FROM analytics.report_packs`);
    return row?.month ?? null;
  }

  async get(id: string): Promise<ReportPackFile | null> {
    const rows: PackRow[] = await this.dataSource.query(`SELECT ${SUMMARY_COLUMNS}, bytes FROM analytics.report_packs WHERE id = $1`, [id]);
    if (rows.length === 0) return null;
    return { ...toSummary(rows[0]), bytes: rows[0].bytes as Buffer };
  }
}
