import { Injectable } from '@nestjs/common';
import { CaseCountsRepository, type CountRow } from './case-counts.repository';

export interface CaseCount {
  open: number;
  resolved: number;
  received: number;
}

export interface CaseCounts {
  byMall: (CaseCount & { mallId: string })[];
  byDepartment: (CaseCount & { mallId: string; departmentId: string })[];
}

const toCount = (row: CountRow): CaseCount => ({ open: Number(row.open), resolved: Number(row.resolved), received: Number(row.received) });

/** Counts of registered cases (from the case paths): open = not resolved now; by the handling department once routed. */
@Injectable()
export class CaseCountsService {
  constructor(private readonly cases: CaseCountsRepository) {}

  /** `mallId` null: every mall (HQ). The caller has checked the reader may see it. */
  async counts(mallId: string | null): Promise<CaseCounts> {
    const { byMall, byDepartment } = await this.cases.counts(mallId);
    return {
      byMall: byMall.map((row) => ({ mallId: row.mall_id, ...toCount(row) })),
      byDepartment: byDepartment.map((row) => ({ mallId: row.mall_id, departmentId: row.department_id ?? '', ...toCount(row) })),
    };
  }
}
