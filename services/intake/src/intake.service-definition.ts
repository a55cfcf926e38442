import type { ServiceDefinition } from '@mallcare/platform';
import { IntakeModule } from './intake.module';

export const intakeService: ServiceDefinition = {
  name: 'intake',
  title: 'mallcare intake',
  description: 'Registers complaints, inquiries, requests and suggestions from every channel; serves case timelines.',
  module: (config) => IntakeModule.register(config),
};
