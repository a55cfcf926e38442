import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type ServiceConfig } from '@mallcare/platform';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { ComplaintEventsConsumer } from './cases/complaint-events.consumer';

@Module({})
export class RoutingModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: RoutingModule,
      imports: [ServicePlatformModule.forService({ config })],
      controllers: [CasesController, ComplaintEventsConsumer],
      providers: [CasesService],
    };
  }
}
