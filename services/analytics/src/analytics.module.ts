import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type ServiceConfig } from '@mallcare/platform';
import { analyticsMigrations } from './analytics.migrations';
import { CaseCountsController } from './case-counts/case-counts.controller';
import { CaseCountsService } from './case-counts/case-counts.service';
import { CaseFactsProjection } from './case-counts/case-facts.projection';

@Module({})
export class AnalyticsModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: AnalyticsModule,
      imports: [ServicePlatformModule.forService({ config, migrations: analyticsMigrations })],
      controllers: [CaseCountsController, CaseFactsProjection],
      providers: [CaseCountsService],
    };
  }
}
