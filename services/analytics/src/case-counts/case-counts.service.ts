import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface CaseCount {
  open: number;
  resolved: number;
  received: number;
}

export interface CaseCounts {
  byMall: (CaseCount & { mallId: string })[];
  byDepartment: (CaseCount & { mallId: string; departmentId: string })[];
}

interface CountRow {
  mall_id: string;
  department_id?: string;
  open: string;
  resolved: string;
  received: string;
}

const toCount = (row: CountRow): CaseCount => ({ open: Number(row.open), resolved: Number(row.resolved), received: Number(row.received) });

/** Counts of registered cases (from the case paths): open = not resolved now; by the handling department once routed. */
@Injectable()
export class CaseCountsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async counts(mallId?: string): Promise<CaseCounts> {
    const measures = `count(*) FILTER (WHERE NOT resolved) AS open,
                      count(*) FILTER (WHERE resolved) AS resolved, count(*) AS received`;
    const filter = `record IS NOT NULL AND ($1::text IS NULL OR mall_id = $1)`;
    const byMall: CountRow[] = await this.dataSource.query(
      `SELECT mall_id, ${measures} FROM analytics.case_paths WHERE ${filter} GROUP BY mall_id ORDER BY mall_id`,
      [mallId ?? null],
    );
    const byDepartment: CountRow[] = await this.dataSource.query(
      `SELECT mall_id, handling_department_id AS department_id, ${measures} FROM analytics.case_paths
       WHERE ${filter} AND handling_department_id IS NOT NULL
       GROUP BY mall_id, handling_department_id ORDER BY mall_id, handling_department_id`,
      [mallId ?? null],
    );
    return {
      byMall: byMall.map((row) => ({ mallId: row.mall_id, ...toCount(row) })),
      byDepartment: byDepartment.map((row) => ({ mallId: row.mall_id, departmentId: row.department_id ?? '', ...toCount(row) })),
    };
  }
}
