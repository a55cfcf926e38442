import { Transform } from 'class-transformer';

/** A query string's `true`/`false` as a boolean; anything else is left for the field's IsBoolean to refuse. */
export const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
