import type { ServiceDefinition } from '@mallcare/platform';
import { SlaMonitorModule } from './sla-monitor.module';

export const slaMonitorService: ServiceDefinition = {
  name: 'sla-monitor',
  title: 'mallcare sla-monitor',
  description: 'Starts and stops the time limits of the group procedures for every case.',
  module: (config) => SlaMonitorModule.register(config),
};
