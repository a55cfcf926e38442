import type { ServiceDefinition } from '@mallcare/platform';
import { RoutingModule } from './routing.module';

export const routingService: ServiceDefinition = {
  name: 'routing',
  title: 'mallcare routing',
  description: 'Routes cases to owning and handling departments by mall policy; the departments handle and resolve them.',
  module: (config) => RoutingModule.register(config),
};
