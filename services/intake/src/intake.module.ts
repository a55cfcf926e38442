import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type ServiceConfig } from '@mallcare/platform';
import { ComplaintsController } from './complaints/complaints.controller';
import { ComplaintsService } from './complaints/complaints.service';
import { intakeMigrations } from './intake.migrations';
import { TimelineProjection } from './timeline/timeline.projection';
import { TimelineService } from './timeline/timeline.service';

@Module({})
export class IntakeModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: IntakeModule,
      imports: [ServicePlatformModule.forService({ config, migrations: intakeMigrations })],
      controllers: [ComplaintsController, TimelineProjection],
      providers: [ComplaintsService, TimelineService],
    };
  }
}
