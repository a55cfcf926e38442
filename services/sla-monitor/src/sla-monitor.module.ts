import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type ServiceConfig } from '@mallcare/platform';
import { CaseEventsConsumer } from './clocks/case-events.consumer';
import { ClocksController } from './clocks/clocks.controller';
import { ClocksService } from './clocks/clocks.service';

@Module({})
export class SlaMonitorModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: SlaMonitorModule,
      imports: [ServicePlatformModule.forService({ config })],
      controllers: [ClocksController, CaseEventsConsumer],
      providers: [ClocksService],
    };
  }
}
