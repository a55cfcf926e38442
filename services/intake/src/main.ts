import { runServiceProcess } from '@mallcare/platform';
import { intakeService } from './intake.service-definition';

void runServiceProcess(intakeService);
