import { runServiceProcess } from '@mallcare/platform';
import { analyticsService } from './analytics.service-definition';

void runServiceProcess(analyticsService);
