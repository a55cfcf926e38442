import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type ServiceConfig } from '@mallcare/platform';
import { AttachmentsModule } from './attachments/attachments.module';
import { ComplaintQueries } from './complaints/complaint-queries.service';
import { ComplaintsRepository } from './complaints/complaints.repository';
import { ComplaintsController } from './complaints/complaints.controller';
import { ComplaintsService } from './complaints/complaints.service';
import { RegistrationRepository } from './complaints/registration.repository';
import { intakeServiceMigrations } from './migrations';
import { ErasureService } from './personal-data/erasure.service';
import { PERSONAL_DATA_KEYS, personalDataKeysFromEnvironment } from './personal-data/personal-data.keys';
import { PersonalDataRepository } from './personal-data/personal-data.repository';
import { PersonalDataStore } from './personal-data/personal-data.store';
import { SubjectsController } from './personal-data/subjects.controller';
import { StatusLookupController } from './status-lookup/status-lookup.controller';
import { StatusLookupRepository } from './status-lookup/status-lookup.repository';
import { StatusLookupService } from './status-lookup/status-lookup.service';
import { TimelineRepository } from './timeline/timeline.repository';
import { CaseEventsConsumer } from './timeline/case-events.consumer';

@Module({})
export class IntakeModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: IntakeModule,
      imports: [ServicePlatformModule.forService({ config, migrations: intakeServiceMigrations }), AttachmentsModule],
      controllers: [ComplaintsController, SubjectsController, CaseEventsConsumer, StatusLookupController],
      providers: [
        { provide: PERSONAL_DATA_KEYS, useFactory: () => personalDataKeysFromEnvironment() },
        PersonalDataStore,
        PersonalDataRepository,
        ComplaintsRepository,
        StatusLookupRepository,
        TimelineRepository,
        ComplaintsService,
        RegistrationRepository,
        ComplaintQueries,
        ErasureService,
        StatusLookupService,
      ],
    };
  }
}
