import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SampledCase } from './hq-samples.service';

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

/** The samples HQ drew and what their callbacks found (callback.hq_sample_callbacks). */
@Injectable()
export class HqSamplesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One draw per mall at a time, so no case is drawn twice. */
  async lockMall(manager: EntityManager, mallId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`hq-sample:${mallId}`]);
  }

  /** The mall's resolved major and critical cases that HQ has not sampled yet. */
  eligible(manager: EntityManager, mallId: string): Promise<{ complaint_id: string; severity: 'major' | 'critical' }[]> {
    return manager.query(
      `SELECT f.complaint_id, f.severity FROM callback.case_facts f
         JOIN callback.due_callbacks c ON c.complaint_id = f.complaint_id
         WHERE f.mall_id = $1 AND f.severity IN ('major', 'critical')
           AND NOT EXISTS (SELECT 1 FROM callback.hq_sample_callbacks s WHERE s.complaint_id = f.complaint_id)
         ORDER BY f.complaint_id`,
      [mallId],
    );
  }

  async add(
    manager: EntityManager,
    { sampleId, complaintId, mallId, severity, drawnBy, drawnAt }: { sampleId: string; complaintId: string; mallId: string; severity: string; drawnBy: string; drawnAt: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO callback.hq_sample_callbacks (sample_id, complaint_id, mall_id, severity, drawn_by, drawn_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [sampleId, complaintId, mallId, severity, drawnBy, drawnAt],
    );
  }

  async recordResult(
    manager: EntityManager,
    sampleId: string,
    complaintId: string,
    result: { method: string; reached: boolean; satisfaction: string | null; solved: boolean | null; comment: string | null; recordedBy: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE callback.hq_sample_callbacks SET method = $3, reached = $4, satisfaction = $5, solved = $6, comment = $7, recorded_by = $8, recorded_at = now()
         WHERE sample_id = $1 AND complaint_id = $2`,
      [sampleId, complaintId, result.method, result.reached, result.satisfaction, result.solved, result.comment, result.recordedBy],
    );
  }

  ofSample(manager: EntityManager, sampleId: string): Promise<SampledCase[]> {
    return this.rows(manager, `s.sample_id = $1`, [sampleId]);
  }

  /** The case's row in the sample: none when it was not drawn into it. */
  sampled(manager: EntityManager, sampleId: string, complaintId: string): Promise<SampledCase[]> {
    return this.rows(manager, `s.sample_id = $1 AND s.complaint_id = $2`, [sampleId, complaintId]);
  }

  /** A page of every mall's samples, or one mall's, newest first, and how many there are. */
  async list(mallId: string | null, limit: number, offset: number): Promise<{ items: SampledCase[]; total: number }> {
    const items = await this.rows(this.dataSource.manager, `($1::text IS NULL OR s.mall_id = $1)`, [mallId], `LIMIT ${limit} OFFSET ${offset}`);
    const [{ count }]: { count: string }[] = await this.dataSource.query(`SELECT count(*) FROM callback.hq_sample_callbacks s WHERE ($1::text IS NULL OR s.mall_id = $1)`, [
      mallId,
    ]);
    return { items, total: Number(count) };
  }

  private async rows(manager: EntityManager, where: string, params: unknown[], page = ''): Promise<SampledCase[]> {
    const rows: SampleRow[] = await manager.query(
      `SELECT s.*, f.case_number FROM callback.hq_sample_callbacks s LEFT JOIN callback.case_facts f ON f.complaint_id = s.complaint_id
       WHERE ${where} ORDER BY s.drawn_at DESC, s.complaint_id ${page}`,
      params,
    );
    return rows.map(toSampled);
  }
}
