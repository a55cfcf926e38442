import type { CaseDetailRow, HqRollup, MallMonthlyReport } from '../reports/report.types';

/** Narrows the detail to matching cases (each names a column of the case paths). */
export interface DetailFilters {
  kind?: string;
  category?: string;
  channel?: string;
  owningDepartmentId?: string;
  handlingDepartmentId?: string;
  severity?: string;
  handlerStaffId?: string;
  resolved?: boolean;
  closed?: boolean;
}

/**
 * What the exports read: the same reports the API answers with. Provided by the reports service
 * (ANALYTICS-CORE's ReportsService satisfies it as it is); tests give a fixture instead.
 */
export interface ReportSource {
  monthlyReport(mallId: string, month: string): Promise<MallMonthlyReport>;
  hqRollup(period: string): Promise<HqRollup>;
  /** Every detail row of the period in order, read in pages: never the whole period in memory. */
  caseDetailRows(mallId: string, period: { month: string } | { week: string }, filters?: DetailFilters): AsyncIterable<CaseDetailRow>;
}

export const REPORT_SOURCE = Symbol('ReportSource');
