import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ComplaintEvent } from '@mallcare/contracts';
import { handleCommand, inCommandTransaction, PostgresEventStore } from '@mallcare/event-store';
import { assertMallAccess, type Identity } from '@mallcare/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CallbackException, CallbackExceptionCode } from '../callback.exception';
import type { DrawSampleDto, RecordSampleCallbackDto, SampleQueryDto } from './hq-samples.dto';
import { drawSample, hqSampleDecider, type HqSampleCommand } from './hq-sample.decider';

export const hqSampleStreamId = (complaintId: string): string => `hq-sample-${complaintId}`;

export interface SampledCase {
  sampleId: string;
  complaintId: string;
  mallId: string;
  caseNumber: string | null;
  severity: string;
  drawnBy: string;
  drawnAt: string;
  result: { method: string; reached: boolean; satisfaction: string | null; solved: boolean | null; comment: string | null; recordedBy: string; recordedAt: string } | null;
}

interface SampleRow {
  sample_id: string;
  complaint_id: string;
  mall_id: string;
  case_number: string | null;
  severity: string;
  drawn_by: string;
  drawn_at: Date;
  method: string | null;
  reached: boolean | null;
  satisfaction: string | null;
  solved: boolean | null;
  comment: string | null;
  recorded_by: string | null;
  recorded_at: Date | null;
}

const toSampled = (row: SampleRow): SampledCase => ({
  sampleId: row.sample_id,
  complaintId: row.complaint_id,
  mallId: row.mall_id,
  caseNumber: row.case_number,
  severity: row.severity,
  drawnBy: row.drawn_by,
  drawnAt: new Date(row.drawn_at).toISOString(),
  result:
    row.recorded_at && row.method && row.reached !== null && row.recorded_by
      ? { method: row.method, reached: row.reached, satisfaction: row.satisfaction, solved: row.solved, comment: row.comment, recordedBy: row.recorded_by, recordedAt: new Date(row.recorded_at).toISOString() }
      : null,
});

/** HQ operations' sample callbacks of major and critical cases (DOMAIN §8): own streams, own table, own results. */
@Injectable()
export class HqSamplesService {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Draws up to `size` of the mall's resolved major/critical cases not sampled before, uniformly at random. */
  async draw(identity: Identity, dto: DrawSampleDto): Promise<{ sampleId: string; mallId: string; eligible: number; cases: SampledCase[] }> {
    assertMallAccess(identity, dto.mallId);
    const sampleId = randomUUID();
    const { cases, eligible } = await inCommandTransaction(this.store, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`hq-sample:${dto.mallId}`]);
      const eligible: { complaint_id: string; severity: 'major' | 'critical' }[] = await manager.query(
        `SELECT f.complaint_id, f.severity FROM callback.case_facts f
         JOIN callback.due_callbacks c ON c.complaint_id = f.complaint_id
         WHERE f.mall_id = $1 AND f.severity IN ('major', 'critical')
           AND NOT EXISTS (SELECT 1 FROM callback.hq_sample_callbacks s WHERE s.complaint_id = f.complaint_id)
         ORDER BY f.complaint_id`,
        [dto.mallId],
      );
      if (eligible.length === 0) throw new CallbackException(CallbackExceptionCode.NothingToSample, `${dto.mallId} has no resolved major or critical case that HQ has not sampled yet`);
      const picked = drawSample(eligible, dto.size, (n) => randomInt(n));
      for (const { complaint_id: complaintId, severity } of picked) {
        const events = await this.decide(manager, complaintId, dto.mallId, identity, {
          type: 'DrawIntoSample',
          data: { sampleId, severity, sampleSize: picked.length, eligible: eligible.length },
        });
        await manager.query(
          `INSERT INTO callback.hq_sample_callbacks (sample_id, complaint_id, mall_id, severity, drawn_by, drawn_at) VALUES ($1, $2, $3, $4, $5, $6)`,
          [sampleId, complaintId, dto.mallId, severity, identity.staffId, events[0].metadata.occurredAt],
        );
      }
      return { cases: await this.rows(manager, `s.sample_id = $1`, [sampleId]), eligible: eligible.length };
    });
    return { sampleId, mallId: dto.mallId, eligible, cases };
  }

  async record(identity: Identity, sampleId: string, complaintId: string, dto: RecordSampleCallbackDto): Promise<SampledCase> {
    const sampled = await inCommandTransaction(this.store, async (manager) => {
      const [row] = await this.rows(manager, `s.sample_id = $1 AND s.complaint_id = $2`, [sampleId, complaintId]);
      if (!row) throw new CallbackException(CallbackExceptionCode.CallbackNotFound, `complaint ${complaintId} is not in sample ${sampleId}`);
      const { mallId } = row;
      assertMallAccess(identity, mallId);
      await this.decide(manager, complaintId, mallId, identity, { type: 'RecordSampleCallback', data: { sampleId, ...dto } });
      await manager.query(
        `UPDATE callback.hq_sample_callbacks SET method = $3, reached = $4, satisfaction = $5, solved = $6, comment = $7, recorded_by = $8, recorded_at = now()
         WHERE sample_id = $1 AND complaint_id = $2`,
        [sampleId, complaintId, dto.method, dto.reached, dto.reached ? (dto.satisfaction ?? null) : null, dto.reached ? (dto.solved ?? null) : null, dto.comment ?? null, identity.staffId],
      );
      const [updated] = await this.rows(manager, `s.sample_id = $1 AND s.complaint_id = $2`, [sampleId, complaintId]);
      return updated;
    });
    return sampled;
  }

  async list(identity: Identity, query: SampleQueryDto): Promise<{ items: SampledCase[]; total: number; nextOffset: number | null }> {
    if (query.mallId) assertMallAccess(identity, query.mallId);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const items = await this.rows(this.dataSource.manager, `($1::text IS NULL OR s.mall_id = $1)`, [query.mallId ?? null], `LIMIT ${limit} OFFSET ${offset}`);
    const [{ count }]: { count: string }[] = await this.dataSource.query(`SELECT count(*) FROM callback.hq_sample_callbacks s WHERE ($1::text IS NULL OR s.mall_id = $1)`, [
      query.mallId ?? null,
    ]);
    const total = Number(count);
    return { items, total, nextOffset: offset + items.length < total ? offset + items.length : null };
  }

  private async rows(manager: EntityManager, where: string, params: unknown[], page = ''): Promise<SampledCase[]> {
    const rows: SampleRow[] = await manager.query(
      `SELECT s.*, f.case_number FROM callback.hq_sample_callbacks s LEFT JOIN callback.case_facts f ON f.complaint_id = s.complaint_id
       WHERE ${where} ORDER BY s.drawn_at DESC, s.complaint_id ${page}`,
      params,
    );
    return rows.map(toSampled);
  }

  private async decide(manager: EntityManager, complaintId: string, mallId: string, identity: Identity, command: HqSampleCommand): Promise<ComplaintEvent[]> {
    const { events } = await handleCommand(this.store, {
      streamId: hqSampleStreamId(complaintId),
      decider: hqSampleDecider,
      command,
      context: { complaintId, mallId, actor: { type: 'staff', id: identity.staffId }, correlationId: complaintId, causationId: null },
      manager,
    });
    return events;
  }
}
