import type { ServiceDefinition } from '@mallcare/platform';
import { CallbackModule } from './callback.module';

export const callbackService: ServiceDefinition = {
  name: 'callback',
  title: 'mallcare callback',
  description: 'Calls back every resolved case with its owning department: attempts, satisfaction, reopen or close; HQ sample callbacks.',
  module: (config) => CallbackModule.register(config),
};
