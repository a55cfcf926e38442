import type { DetailPeriod } from '../reports/case-detail.repository';
import type { CaseDetailFilters } from '../reports/dto/case-detail-filters.dto';
import type { CaseDetailRow, HqRollup, MallMonthlyReport } from '../reports/report.types';

/**
 * What the exports read: the same reports the API answers with. Provided by the reports service
 * (ANALYTICS-CORE's ReportsService satisfies it as it is); tests give a fixture instead.
 */
export interface ReportSource {
  monthlyReport(mallId: string, month: string): Promise<MallMonthlyReport>;
  hqRollup(period: string): Promise<HqRollup>;
  /** Every detail row of the period in order, read in pages: never the whole period in memory. */
  caseDetailRows(mallId: string, period: DetailPeriod, filters?: CaseDetailFilters): AsyncIterable<CaseDetailRow>;
}

export const REPORT_SOURCE = Symbol('ReportSource');
