import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type ServiceConfig } from '@mallcare/platform';
import { callbackMigrations } from './callback.migrations';
import { CallbacksController } from './callbacks/callbacks.controller';
import { CallbacksService } from './callbacks/callbacks.service';
import { CaseEventsConsumer } from './callbacks/case-events.consumer';

@Module({})
export class CallbackModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: CallbackModule,
      imports: [ServicePlatformModule.forService({ config, migrations: callbackMigrations })],
      controllers: [CallbacksController, CaseEventsConsumer],
      providers: [CallbacksService],
    };
  }
}
