import { BadRequestException, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { flattenValidationErrors, type FieldError } from '@mallcare/contracts';
import { inputRuleViolations } from '../validation/input-rules';

const invalid = (errors: FieldError[]) => new BadRequestException({ message: 'request is invalid', errors });

/**
 * Request bodies, queries and path parameters: unknown fields rejected, every failing field named, and the
 * rules every text input follows (depth, control characters) checked for every route of every service.
 */
class MallcareValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const where = metadata.data ?? '';
    // Depth first: the validators recurse, and a body nested thousands of levels would overflow them.
    const before = inputRuleViolations(value, where, { text: metadata.type !== 'body' });
    if (before.length > 0) throw invalid(before);
    const transformed: unknown = await super.transform(value, metadata);
    // A body's text is checked on its DTO, where free-text fields are marked.
    if (metadata.type === 'body') {
      const after = inputRuleViolations(transformed, where);
      if (after.length > 0) throw invalid(after);
    }
    return transformed;
  }
}

export const createValidationPipe = (): ValidationPipe =>
  new MallcareValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => invalid(flattenValidationErrors(errors)),
  });
