import { runServiceProcess } from '@mallcare/platform';
import { slaMonitorService } from './sla-monitor.service-definition';

void runServiceProcess(slaMonitorService);
