import { runServiceProcess } from '@mallcare/platform';
import { callbackService } from './callback.service-definition';

void runServiceProcess(callbackService);
