import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsNotEmpty, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

/**
 * The rules event fields share, each one stack of class-validator decorators. A stack is applied as
 * TypeScript applies one written above a field, the last decorator first, so an event's validation
 * metadata, and with it the order of its error messages, is the same as with the stack written out.
 */
const stack =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, property) => {
    for (const decorator of [...decorators].reverse()) decorator(target, property);
  };

/** A string with something in it, of at most `maxLength` characters where a bound is given. */
export const IsNonEmptyString = (maxLength?: number): PropertyDecorator =>
  stack(IsString(), IsNotEmpty(), ...(maxLength === undefined ? [] : [MaxLength(maxLength)]));

/** An instant, ISO 8601 with a real calendar date. */
export const IsInstant = (): PropertyDecorator => IsISO8601({ strict: true });

/** A list of at most `maxSize` instants. */
export const IsInstantList = (maxSize: number): PropertyDecorator => stack(IsArray(), ArrayMaxSize(maxSize), IsISO8601({ strict: true }, { each: true }));

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-transformer's own type for a class
type ClassOf = () => Function;

/** An object checked by its own schema class. */
export const IsNestedObject = (schema: ClassOf): PropertyDecorator => stack(IsObject(), ValidateNested(), Type(schema));

/** A list of at most `maxSize` objects, each checked by its own schema class. */
export const IsNestedList = (schema: ClassOf, maxSize: number): PropertyDecorator => stack(IsArray(), ArrayMaxSize(maxSize), ValidateNested({ each: true }), Type(schema));

/** A case number: the mall's code, the day registered, a running number (SHA01-20250301-0042). */
export const IsCaseNumber = (): PropertyDecorator => Matches(/^[A-Z0-9]{2,8}-\d{8}-\d{4,}$/);
