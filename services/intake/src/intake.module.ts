import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule, type ServiceConfig } from '@mallcare/platform';
import { AttachmentsModule } from './attachments/attachments.module';
import { attachmentsMigrations } from './attachments/attachments.migrations';
import { ComplaintQueries } from './complaints/complaint-queries.service';
import { ComplaintsController } from './complaints/complaints.controller';
import { ComplaintsService } from './complaints/complaints.service';
import { RegistrationRepository } from './complaints/registration.repository';
import { intakeMigrations } from './intake.migrations';
import { ErasureService } from './personal-data/erasure.service';
import { PERSONAL_DATA_KEYS, personalDataKeysFromEnvironment } from './personal-data/personal-data.keys';
import { PersonalDataStore } from './personal-data/personal-data.store';
import { SubjectsController } from './personal-data/subjects.controller';
import { StatusLookupController } from './status-lookup/status-lookup.controller';
import { StatusLookupService } from './status-lookup/status-lookup.service';
import { CaseEventsConsumer } from './timeline/case-events.consumer';

@Module({})
export class IntakeModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: IntakeModule,
      imports: [ServicePlatformModule.forService({ config, migrations: [...intakeMigrations, ...attachmentsMigrations] }), AttachmentsModule],
      controllers: [ComplaintsController, SubjectsController, CaseEventsConsumer, StatusLookupController],
      providers: [
        { provide: PERSONAL_DATA_KEYS, useFactory: () => personalDataKeysFromEnvironment() },
        PersonalDataStore,
        ComplaintsService,
        RegistrationRepository,
        ComplaintQueries,
        ErasureService,
        StatusLookupService,
      ],
    };
  }
}
