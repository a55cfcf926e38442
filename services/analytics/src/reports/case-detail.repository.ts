import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { COUNTED_CASE_SQL, COUNTED_CHANNEL_SQL } from '../case-paths/case-paths.repository';
import type { CaseRecord } from '../figures/case-record';
import type { CaseDetailFilters } from './dto/case-detail-filters.dto';

export type DetailPeriod = { month: string } | { week: string };

/** A detail row as read: the record and its counted channel (a collective's is its first member's). */
export type DetailRow = { record: CaseRecord; channel: CaseRecord['channel'] };

const FILTER_COLUMNS: Record<keyof CaseDetailFilters, string> = {
  kind: 'kind',
  category: 'category',
  channel: COUNTED_CHANNEL_SQL,
  owningDepartmentId: 'owning_department_id',
  handlingDepartmentId: 'handling_department_id',
  severity: 'severity',
  handlerStaffId: 'handler_staff_id',
  resolved: 'resolved',
  closed: 'closed',
};

export type DetailPageRow = DetailRow & { complaint_id: string; received_at: Date };

/** The weekly/monthly detail of a mall's counted cases, read from analytics.case_paths. */
@Injectable()
export class CaseDetailRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private where(mallId: string, period: DetailPeriod, filters: CaseDetailFilters): { where: string; params: unknown[] } {
    const params: unknown[] = [mallId, 'month' in period ? period.month : period.week];
    const clauses = ['p.mall_id = $1', `p.${'month' in period ? 'month' : 'week'} = $2`, COUNTED_CASE_SQL];
    for (const [key, column] of Object.entries(FILTER_COLUMNS) as [keyof CaseDetailFilters, string][]) {
      const value = filters[key];
      if (value === undefined) continue;
      params.push(value);
      clauses.push(`${column} = $${params.length}`);
    }
    return { where: clauses.join(' AND '), params };
  }

  async page(mallId: string, period: DetailPeriod, filters: CaseDetailFilters, limit: number, offset: number): Promise<{ total: number; rows: DetailRow[] }> {
    const { where, params } = this.where(mallId, period, filters);
    const [{ total }]: { total: string }[] = await this.dataSource.query(`SELECT count(*)::text AS total FROM analytics.case_paths p WHERE ${where}`, params);
    const rows: DetailRow[] = await this.dataSource.query(
      `SELECT p.record, ${COUNTED_CHANNEL_SQL} AS channel FROM analytics.case_paths p WHERE ${where}
       ORDER BY p.received_at, p.complaint_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { total: Number(total), rows };
  }

  /** Keyset pages of `pageSize` in (received_at, complaint_id) order: the first with `after` null, each next after the last row read. */
  pagesOf(mallId: string, period: DetailPeriod, filters: CaseDetailFilters, pageSize: number): (after: { receivedAt: string; complaintId: string } | null) => Promise<DetailPageRow[]> {
    const { where, params } = this.where(mallId, period, filters);
    return (after) => {
      const keyset = after === null ? '' : ` AND (p.received_at, p.complaint_id) > ($${params.length + 2}::timestamptz, $${params.length + 3}::uuid)`;
      return this.dataSource.query(
        `SELECT p.record, ${COUNTED_CHANNEL_SQL} AS channel, p.complaint_id, p.received_at FROM analytics.case_paths p WHERE ${where}${keyset}
         ORDER BY p.received_at, p.complaint_id LIMIT $${params.length + 1}`,
        after === null ? [...params, pageSize] : [...params, pageSize, after.receivedAt, after.complaintId],
      );
    };
  }
}
