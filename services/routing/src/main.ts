import { runServiceProcess } from '@mallcare/platform';
import { routingService } from './routing.service-definition';

void runServiceProcess(routingService);
