import { ApiProperty } from '@nestjs/swagger';
import { PACK_KINDS, PACK_TRIGGERS, type PackTrigger } from '@mallcare/contracts';
import { FIGURE_IDS, type FigureId } from '../../figures/figure-definitions';
import type {
  CaseDetailPage,
  CaseDetailRow,
  CaseLibraryEntry,
  CaseListEntry,
  CasePathStep,
  ComparedPeriod,
  CountRow,
  DimensionCounts,
  HotSpot,
  HqRollup,
  HqRollupRow,
  MallMonthlyReport,
  MallPeriodReport,
  RateFigure,
  ReportFigures,
  SatisfactionComment,
  TargetCheck,
  TargetId,
  TimeFigure,
} from '../report.types';

/**
 * The reports' answers described for OpenAPI, so the console's generated client types them. Each
 * class implements the interface the service returns (report.types.ts): a field added there and not
 * here does not compile.
 */
const NULLABLE_STRING = { type: String, nullable: true } as const;
const NULLABLE_NUMBER = { type: Number, nullable: true } as const;
const NULLABLE_TIME = { type: String, format: 'date-time', nullable: true } as const;
const PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
const TARGET_IDS: TargetId[] = ['response-within-24h', 'closure-rate', 'closure-rate-stretch', 'satisfaction-rate', 'data-completeness'];

export class RateFigureDto implements RateFigure {
  @ApiProperty({ enum: FIGURE_IDS }) id!: FigureId;
  @ApiProperty() numerator!: number;
  @ApiProperty() denominator!: number;
  @ApiProperty({ ...NULLABLE_NUMBER, description: '0–1; null without a denominator' }) rate!: number | null;
}

export class TimeFigureDto implements TimeFigure {
  @ApiProperty({ enum: FIGURE_IDS }) id!: FigureId;
  @ApiProperty() count!: number;
  @ApiProperty(NULLABLE_NUMBER) averageMinutes!: number | null;
  @ApiProperty(NULLABLE_NUMBER) p90Minutes!: number | null;
}

export class ReportFiguresDto implements ReportFigures {
  @ApiProperty() received!: number;
  @ApiProperty() resolved!: number;
  @ApiProperty() closed!: number;
  @ApiProperty() open!: number;
  @ApiProperty() reopened!: number;
  @ApiProperty() escalated!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty({ type: RateFigureDto }) handlingRate!: RateFigureDto;
  @ApiProperty({ type: RateFigureDto }) timelinessRate!: RateFigureDto;
  @ApiProperty({ type: RateFigureDto }) callbackRate!: RateFigureDto;
  @ApiProperty({ type: RateFigureDto }) satisfactionRate!: RateFigureDto;
  @ApiProperty({ type: RateFigureDto }) closureRate!: RateFigureDto;
  @ApiProperty({ type: RateFigureDto }) dataCompleteness!: RateFigureDto;
  @ApiProperty({ type: RateFigureDto }) responseWithin24h!: RateFigureDto;
  @ApiProperty({ type: TimeFigureDto }) timeToForward!: TimeFigureDto;
  @ApiProperty({ type: TimeFigureDto }) timeToFirstReply!: TimeFigureDto;
  @ApiProperty({ type: TimeFigureDto }) timeToResolve!: TimeFigureDto;
  @ApiProperty({ type: TimeFigureDto }) timeToCallback!: TimeFigureDto;
}

export class CountRowDto implements CountRow {
  @ApiProperty({ description: '`unknown` for no value yet' }) key!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ ...NULLABLE_NUMBER, description: 'count / received of the period' }) share!: number | null;
}

export class DimensionCountsDto implements DimensionCounts {
  @ApiProperty({ type: [CountRowDto] }) byKind!: CountRowDto[];
  @ApiProperty({ type: [CountRowDto] }) byCategory!: CountRowDto[];
  @ApiProperty({ type: [CountRowDto] }) byChannel!: CountRowDto[];
  @ApiProperty({ type: [CountRowDto] }) byComplainantType!: CountRowDto[];
  @ApiProperty({ type: [CountRowDto] }) byOwningDepartment!: CountRowDto[];
  @ApiProperty({ type: [CountRowDto] }) byHandlingDepartment!: CountRowDto[];
  @ApiProperty({ type: [CountRowDto] }) bySeverity!: CountRowDto[];
  @ApiProperty({ type: [CountRowDto] }) byValidity!: CountRowDto[];
  @ApiProperty({ type: [CountRowDto] }) byResponsibility!: CountRowDto[];
}

export class ComparedPeriodDto implements ComparedPeriod {
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ type: ReportFiguresDto }) figures!: ReportFiguresDto;
  @ApiProperty({ type: DimensionCountsDto }) counts!: DimensionCountsDto;
}

export class HotSpotDto implements HotSpot {
  @ApiProperty() category!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() cases!: number;
  @ApiProperty() registrations!: number;
  @ApiProperty({ type: [String] }) caseNumbers!: string[];
  @ApiProperty({ format: 'date-time' }) firstReceivedAt!: string;
  @ApiProperty({ format: 'date-time' }) lastReceivedAt!: string;
}

export class LateClockDto {
  @ApiProperty() kind!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty(NULLABLE_TIME) breachedAt!: string | null;
  @ApiProperty(NULLABLE_TIME) metAt!: string | null;
}

export class CaseListEntryDto implements CaseListEntry {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty() caseNumber!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() category!: string;
  @ApiProperty(NULLABLE_STRING) severity!: string | null;
  @ApiProperty(NULLABLE_STRING) handlingDepartmentId!: string | null;
  @ApiProperty(NULLABLE_STRING) handlerStaffId!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty(NULLABLE_TIME) resolvedAt!: string | null;
  @ApiProperty(NULLABLE_TIME) closedAt!: string | null;
  @ApiProperty({ type: [LateClockDto] }) lateClocks!: LateClockDto[];
  @ApiProperty() escalated!: boolean;
}

export class SatisfactionCommentDto implements SatisfactionComment {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty() caseNumber!: string;
  @ApiProperty() satisfaction!: string;
  @ApiProperty() comment!: string;
  @ApiProperty(NULLABLE_TIME) calledBackAt!: string | null;
}

export class TargetCheckDto implements TargetCheck {
  @ApiProperty({ enum: TARGET_IDS }) id!: TargetId;
  @ApiProperty({ description: 'The minimum rate, 0–1' }) threshold!: number;
  @ApiProperty(NULLABLE_NUMBER) rate!: number | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null when the rate has no denominator' }) met!: boolean | null;
  @ApiProperty({ description: 'Shown, but missing it is no failure' }) stretch!: boolean;
}

export class MallMonthlyReportDto implements MallMonthlyReport {
  @ApiProperty({ example: 'SH01' }) mallId!: string;
  @ApiProperty() mallName!: string;
  @ApiProperty(NULLABLE_STRING) mallNameEn!: string | null;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: ReportFiguresDto }) figures!: ReportFiguresDto;
  @ApiProperty({ type: DimensionCountsDto }) counts!: DimensionCountsDto;
  @ApiProperty({ type: ComparedPeriodDto, nullable: true }) previousMonth!: ComparedPeriodDto | null;
  @ApiProperty({ type: ComparedPeriodDto, nullable: true }) sameMonthLastYear!: ComparedPeriodDto | null;
  @ApiProperty({ type: [HotSpotDto] }) hotSpots!: HotSpotDto[];
  @ApiProperty({ type: [CaseListEntryDto] }) overdueCases!: CaseListEntryDto[];
  @ApiProperty({ type: [CaseListEntryDto] }) escalatedCases!: CaseListEntryDto[];
  @ApiProperty({ type: [SatisfactionCommentDto] }) satisfactionComments!: SatisfactionCommentDto[];
  @ApiProperty({ type: [TargetCheckDto] }) targets!: TargetCheckDto[];
  @ApiProperty({ type: [String] }) footnotes!: string[];
}

export class HqRollupRowDto implements HqRollupRow {
  @ApiProperty() mallId!: string;
  @ApiProperty() mallName!: string;
  @ApiProperty(NULLABLE_STRING) mallNameEn!: string | null;
  @ApiProperty({ type: ReportFiguresDto }) figures!: ReportFiguresDto;
  @ApiProperty({ type: DimensionCountsDto }) counts!: DimensionCountsDto;
  @ApiProperty({ type: [TargetCheckDto] }) targets!: TargetCheckDto[];
  @ApiProperty() targetsMet!: number;
  @ApiProperty() targetsMissed!: number;
  @ApiProperty({ description: '1 = best' }) rank!: number;
  @ApiProperty(NULLABLE_NUMBER) score!: number | null;
}

export class GroupTotalsDto {
  @ApiProperty({ type: ReportFiguresDto }) figures!: ReportFiguresDto;
  @ApiProperty({ type: DimensionCountsDto }) counts!: DimensionCountsDto;
  @ApiProperty({ type: [TargetCheckDto] }) targets!: TargetCheckDto[];
}

export class HqRollupDto implements HqRollup {
  @ApiProperty({ example: '2026-Q3' }) period!: string;
  @ApiProperty({ enum: PERIOD_KINDS }) periodKind!: (typeof PERIOD_KINDS)[number];
  @ApiProperty({ type: [String] }) months!: string[];
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: [HqRollupRowDto], description: 'In rank order' }) malls!: HqRollupRowDto[];
  @ApiProperty({ type: GroupTotalsDto }) groupTotals!: GroupTotalsDto;
  @ApiProperty() rankingRule!: string;
  @ApiProperty({ type: [String] }) footnotes!: string[];
}

export class MonthFiguresDto {
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty({ type: ReportFiguresDto }) figures!: ReportFiguresDto;
}

export class MallPeriodReportDto implements MallPeriodReport {
  @ApiProperty() mallId!: string;
  @ApiProperty() mallName!: string;
  @ApiProperty() period!: string;
  @ApiProperty({ enum: PERIOD_KINDS }) periodKind!: (typeof PERIOD_KINDS)[number];
  @ApiProperty({ type: [String] }) months!: string[];
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: ReportFiguresDto }) figures!: ReportFiguresDto;
  @ApiProperty({ type: DimensionCountsDto }) counts!: DimensionCountsDto;
  @ApiProperty({ type: [MonthFiguresDto] }) byMonth!: MonthFiguresDto[];
  @ApiProperty({ type: [TargetCheckDto] }) targets!: TargetCheckDto[];
  @ApiProperty({ type: [String] }) footnotes!: string[];
}

const PATH_STEPS = ['received', 'forwarded', 'assigned', 'first-reply', 'resolved', 'called-back', 'closed'] as const;

export class CasePathStepDto implements CasePathStep {
  @ApiProperty({ enum: PATH_STEPS }) step!: (typeof PATH_STEPS)[number];
  @ApiProperty(NULLABLE_TIME) at!: string | null;
  @ApiProperty(NULLABLE_STRING) who!: string | null;
  @ApiProperty(NULLABLE_NUMBER) minutesFromReceipt!: number | null;
}

export class CaseDetailRowDto implements CaseDetailRow {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty() caseNumber!: string;
  @ApiProperty() mallId!: string;
  @ApiProperty({ example: '2026-11-03' }) localDate!: string;
  @ApiProperty({ example: '2026-W45' }) week!: string;
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() category!: string;
  @ApiProperty(NULLABLE_STRING) channel!: string | null;
  @ApiProperty() complainantType!: string;
  @ApiProperty() collective!: boolean;
  @ApiProperty(NULLABLE_STRING) collectiveCaseNumber!: string | null;
  @ApiProperty() repeatCount!: number;
  @ApiProperty(NULLABLE_STRING) owningDepartmentId!: string | null;
  @ApiProperty(NULLABLE_STRING) handlingDepartmentId!: string | null;
  @ApiProperty(NULLABLE_STRING) handlerStaffId!: string | null;
  @ApiProperty(NULLABLE_STRING) validity!: string | null;
  @ApiProperty(NULLABLE_STRING) responsibility!: string | null;
  @ApiProperty(NULLABLE_STRING) severity!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty(NULLABLE_TIME) forwardedAt!: string | null;
  @ApiProperty(NULLABLE_TIME) assignedAt!: string | null;
  @ApiProperty(NULLABLE_TIME) firstReplyAt!: string | null;
  @ApiProperty(NULLABLE_TIME) firstResolvedAt!: string | null;
  @ApiProperty(NULLABLE_TIME) resolvedAt!: string | null;
  @ApiProperty() resolutionCount!: number;
  @ApiProperty() reopenCount!: number;
  @ApiProperty(NULLABLE_TIME) calledBackAt!: string | null;
  @ApiProperty({ enum: ['reached', 'unreachable'], nullable: true }) callbackEnd!: 'reached' | 'unreachable' | null;
  @ApiProperty(NULLABLE_STRING) callbackMethod!: string | null;
  @ApiProperty() callbackAttempts!: number;
  @ApiProperty(NULLABLE_STRING) satisfaction!: string | null;
  @ApiProperty(NULLABLE_STRING) satisfactionComment!: string | null;
  @ApiProperty(NULLABLE_TIME) closedAt!: string | null;
  @ApiProperty(NULLABLE_STRING) closedBecause!: string | null;
  @ApiProperty() escalated!: boolean;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ enum: ['open', 'resolved', 'closed'] }) status!: 'open' | 'resolved' | 'closed';
  @ApiProperty(NULLABLE_NUMBER) minutesToForward!: number | null;
  @ApiProperty(NULLABLE_NUMBER) minutesToFirstReply!: number | null;
  @ApiProperty(NULLABLE_NUMBER) minutesToResolve!: number | null;
  @ApiProperty(NULLABLE_NUMBER) minutesToCallback!: number | null;
  @ApiProperty({ type: [String] }) missingFields!: string[];
  @ApiProperty({ type: [CasePathStepDto] }) path!: CasePathStepDto[];
}

export class CaseDetailPageDto implements CaseDetailPage {
  @ApiProperty() mallId!: string;
  @ApiProperty({ example: '2026-W48' }) period!: string;
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ type: [CaseDetailRowDto] }) rows!: CaseDetailRowDto[];
}

export class CaseLibraryEntryDto implements CaseLibraryEntry {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty() caseNumber!: string;
  @ApiProperty() mallId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() category!: string;
  @ApiProperty(NULLABLE_STRING) severity!: string | null;
  @ApiProperty({ description: 'Why the case is worth learning from' }) note!: string;
  @ApiProperty() markedBy!: string;
  @ApiProperty({ format: 'date-time' }) markedAt!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty(NULLABLE_TIME) resolvedAt!: string | null;
  @ApiProperty(NULLABLE_TIME) closedAt!: string | null;
  @ApiProperty(NULLABLE_STRING) satisfaction!: string | null;
}

export class CaseLibraryPageDto {
  @ApiProperty({ type: [CaseLibraryEntryDto], description: 'Newest marking first' }) items!: CaseLibraryEntryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class ReportPackDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'A mall code, or the group' }) scope!: string;
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty({ enum: PACK_KINDS }) kind!: (typeof PACK_KINDS)[number];
  @ApiProperty() fileName!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() byteLength!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ format: 'date-time' }) figuresAsOf!: string;
  @ApiProperty({ enum: PACK_TRIGGERS }) trigger!: PackTrigger;
  @ApiProperty({ format: 'date-time' }) producedAt!: string;
}

export class ReportPackPageDto {
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ type: [ReportPackDto], description: 'Newest first' }) packs!: ReportPackDto[];
}
