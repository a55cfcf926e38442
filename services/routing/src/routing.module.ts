import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type ServiceConfig } from '@mallcare/platform';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CallbackEventsConsumer } from './cases/callback-events.consumer';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { ComplaintEventsConsumer } from './cases/complaint-events.consumer';
import { SlaEventsConsumer } from './cases/sla-events.consumer';
import { CaseClocksProjection } from './work-queue/case-clocks.projection';
import { LiveModule } from './live/live.module';
import { routingServiceMigrations } from './migrations';
import { WorkQueueController } from './work-queue/work-queue.controller';
import { WorkQueueService } from './work-queue/work-queue.service';
import { WorkQueueRepository } from './work-queue/work-queue.repository';

@Module({})
export class RoutingModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: RoutingModule,
      imports: [ServicePlatformModule.forService({ config, migrations: routingServiceMigrations }), AdminModule, AuthModule, LiveModule],
      controllers: [WorkQueueController, CasesController, ComplaintEventsConsumer, CallbackEventsConsumer, SlaEventsConsumer],
      providers: [CasesService, WorkQueueRepository, CaseClocksProjection, WorkQueueService],
    };
  }
}
