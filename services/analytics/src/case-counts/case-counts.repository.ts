import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { COUNTED_CASE_SQL } from '../case-paths/case-paths.repository';

export interface CountRow {
  mall_id: string;
  department_id?: string;
  open: string;
  resolved: string;
  received: string;
}

/** Counted cases of analytics.case_paths grouped by mall and by handling department. */
@Injectable()
export class CaseCountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `mallId` null: every mall. */
  async counts(mallId: string | null): Promise<{ byMall: CountRow[]; byDepartment: CountRow[] }> {
    const measures = `count(*) FILTER (WHERE NOT resolved) AS open,
                      count(*) FILTER (WHERE resolved) AS resolved, count(*) AS received`;
    const filter = `${COUNTED_CASE_SQL} AND ($1::text IS NULL OR p.mall_id = $1)`;
    const byMall: CountRow[] = await this.dataSource.query(
      `SELECT mall_id, ${measures} FROM analytics.case_paths p WHERE ${filter} GROUP BY mall_id ORDER BY mall_id`,
      [mallId],
    );
    const byDepartment: CountRow[] = await this.dataSource.query(
      `SELECT mall_id, handling_department_id AS department_id, ${measures} FROM analytics.case_paths p
       WHERE ${filter} AND handling_department_id IS NOT NULL
       GROUP BY mall_id, handling_department_id ORDER BY mall_id, handling_department_id`,
      [mallId],
    );
    return { byMall, byDepartment };
  }
}
