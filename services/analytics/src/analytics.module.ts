import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ServicePlatformModule, type ServiceConfig } from '@mallcare/platform';
import { analyticsServiceMigrations } from './migrations';
import { CaseCountsController } from './case-counts/case-counts.controller';
import { CaseLibraryController } from './case-library/case-library.controller';
import { CaseLibraryRepository } from './case-library/case-library.repository';
import { CaseLibraryService } from './case-library/case-library.service';
import { CaseCountsRepository } from './case-counts/case-counts.repository';
import { CaseCountsService } from './case-counts/case-counts.service';
import { CasePathsAdminController } from './case-paths/case-paths-admin.controller';
import { CasePathsRebuildService } from './case-paths/case-paths-rebuild.service';
import { CasePathsProjection } from './case-paths/case-paths.projection';
import { AnalyticsMetrics } from './reports/analytics.metrics';
import { MallMonthFiguresRepository } from './reports/mall-month-figures.repository';
import { ANALYTICS_REFRESH_OPTIONS, MallMonthFiguresService, refreshOptionsFromEnv } from './reports/mall-month-figures.service';
import { ReportsController } from './reports/reports.controller';
import { CaseDetailRepository } from './reports/case-detail.repository';
import { ReportsService } from './reports/reports.service';
import { ExportsController } from './exports/exports.controller';
import { ExportsService } from './exports/exports.service';
import { REPORT_SOURCE, type ReportSource } from './exports/report-source';
import { MonthlyPackMetrics } from './monthly-pack/monthly-pack.metrics';
import { MonthlyPackRunner } from './monthly-pack/monthly-pack.runner';
import { MonthlyPackSchedule } from './monthly-pack/monthly-pack.schedule';
import { ReportPackRepository } from './monthly-pack/report-pack.repository';
import { ReportPacksController } from './monthly-pack/report-packs.controller';

@Module({})
export class AnalyticsModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: AnalyticsModule,
      imports: [ServicePlatformModule.forService({ config, migrations: analyticsServiceMigrations }), ScheduleModule.forRoot()],
      controllers: [CaseCountsController, CasePathsProjection, ReportsController, CasePathsAdminController, CaseLibraryController, ExportsController, ReportPacksController],
      providers: [
        CaseCountsRepository,
        CaseCountsService,
        { provide: ANALYTICS_REFRESH_OPTIONS, useValue: refreshOptionsFromEnv() },
        MallMonthFiguresRepository,
        MallMonthFiguresService,
        CaseDetailRepository,
        ReportsService,
        CasePathsRebuildService,
        AnalyticsMetrics,
        CaseLibraryRepository,
        CaseLibraryService,
        // The exports read the reports through ReportSource (typed here: ReportsService must satisfy it).
        { provide: REPORT_SOURCE, useFactory: (reports: ReportsService): ReportSource => reports, inject: [ReportsService] },
        ExportsService,
        ReportPackRepository,
        MonthlyPackMetrics,
        MonthlyPackRunner,
        MonthlyPackSchedule,
      ],
    };
  }
}
