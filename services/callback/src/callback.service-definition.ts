import type { ServiceDefinition } from '@mallcare/platform';
import { CallbackModule } from './callback.module';

export const callbackService: ServiceDefinition = {
  name: 'callback',
  title: 'mallcare callback',
  description: 'Schedules the callback of every resolved case with its owning department.',
  module: (config) => CallbackModule.register(config),
};
