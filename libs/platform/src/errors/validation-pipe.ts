import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors } from '@mallcare/contracts';

/** Request bodies and queries: unknown fields rejected, every failing field named. */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) =>
      new BadRequestException({ message: 'request is invalid', errors: flattenValidationErrors(errors) }),
  });
