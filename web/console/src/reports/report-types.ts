import type { components } from '../api/generated/analytics';

/** What analytics' report endpoints answer, as their OpenAPI describes it (services/analytics/src/reports/dto/report-responses.dto.ts). */
type Schemas = components['schemas'];
export type RateFigure = Schemas['RateFigureDto'];
export type TimeFigure = Schemas['TimeFigureDto'];
export type ReportFigures = Schemas['ReportFiguresDto'];
export type CountRow = Schemas['CountRowDto'];
export type DimensionCounts = Schemas['DimensionCountsDto'];
export type TargetCheck = Schemas['TargetCheckDto'];
export type TargetId = TargetCheck['id'];
export type CaseListEntry = Schemas['CaseListEntryDto'];
export type MallMonthlyReport = Schemas['MallMonthlyReportDto'];
export type MallPeriodReport = Schemas['MallPeriodReportDto'];
export type PeriodKind = MallPeriodReport['periodKind'];
export type HqRollup = Schemas['HqRollupDto'];
export type HqRollupRow = Schemas['HqRollupRowDto'];
export type CaseDetailRow = Schemas['CaseDetailRowDto'];
export type CaseDetailPage = Schemas['CaseDetailPageDto'];
export type ReportPack = Schemas['ReportPackDto'];
export type ReportPackPage = Schemas['ReportPackPageDto'];

/** The rate and time figures of ReportFigures, in the order the reports print them. */
export const RATE_KEYS = ['handlingRate', 'timelinessRate', 'callbackRate', 'satisfactionRate', 'closureRate', 'dataCompleteness', 'responseWithin24h'] as const satisfies readonly (keyof ReportFigures)[];
export type RateKey = (typeof RATE_KEYS)[number];
export const TIME_KEYS = ['timeToForward', 'timeToFirstReply', 'timeToResolve', 'timeToCallback'] as const satisfies readonly (keyof ReportFigures)[];
export type TimeKey = (typeof TIME_KEYS)[number];
