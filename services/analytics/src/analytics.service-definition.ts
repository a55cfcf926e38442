import type { ServiceDefinition } from '@mallcare/platform';
import { AnalyticsModule } from './analytics.module';

export const analyticsService: ServiceDefinition = {
  name: 'analytics',
  title: 'mallcare analytics',
  description: 'Projections of the event log for GMs, HQ operations and SRE.',
  module: (config) => AnalyticsModule.register(config),
};
