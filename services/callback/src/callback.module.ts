import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type ServiceConfig } from '@mallcare/platform';
import { callbackServiceMigrations } from './migrations';
import { CallbackMetrics } from './callbacks/callback.metrics';
import { CallbacksController } from './callbacks/callbacks.controller';
import { CallbacksRepository } from './callbacks/callbacks.repository';
import { CallbacksService } from './callbacks/callbacks.service';
import { CaseEventsConsumer } from './callbacks/case-events.consumer';
import { HqSamplesController } from './hq-samples/hq-samples.controller';
import { HqSamplesRepository } from './hq-samples/hq-samples.repository';
import { HqSamplesService } from './hq-samples/hq-samples.service';

@Module({})
export class CallbackModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: CallbackModule,
      imports: [ServicePlatformModule.forService({ config, migrations: callbackServiceMigrations })],
      // HqSamplesController first: its /callbacks/samples routes must win over /callbacks/:complaintId.
      controllers: [HqSamplesController, CallbacksController, CaseEventsConsumer],
      providers: [CallbacksRepository, CallbacksService, HqSamplesRepository, HqSamplesService, CallbackMetrics],
    };
  }
}
