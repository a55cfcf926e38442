import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Class = abstract new (...args: never[]) => object;

/** What a field's checks say about it beyond their names: set by the domain's decorators in `context`. */
interface Documentation {
  description?: string;
  nullable?: boolean;
  type?: () => Class;
}

const STRINGS = new Set(['isString', 'matches', 'isTimeZone', 'isCalendarDate', 'isISO8601']);
const FORMATS: Record<string, string> = { isCalendarDate: 'date', isISO8601: 'date-time' };

const propertyOf = (checks: ValidationMetadata[]): ApiPropertyOptions => {
  const named = (name: string) => checks.find((check) => check.name === name);
  const context = Object.assign({}, ...checks.map((check) => (check.context ?? {}) as Documentation)) as Documentation;
  const optional = checks.some((check) => check.type === 'conditionalValidation' && check.name === 'isOptional');
  const isArray = named('isArray') !== undefined;
  const options: Record<string, unknown> = { required: !optional, isArray };
  if (context.description) options.description = context.description;
  if (context.nullable) options.nullable = true;
  const values = named('isIn')?.constraints[0] as readonly string[] | undefined;
  if (context.type) options.type = context.type();
  else if (values) options.enum = [...values];
  else if (named('isInt') || named('durationAmountFitsUnit')) options.type = 'integer';
  else if (named('isShare') || named('isNumber')) options.type = 'number';
  else if (named('isBoolean')) options.type = 'boolean';
  else if (checks.some((check) => check.name !== undefined && STRINGS.has(check.name))) options.type = 'string';
  else if (named('isObject')) Object.assign(options, { type: 'object', additionalProperties: true });
  const format = checks.map((check) => FORMATS[check.name ?? '']).find(Boolean);
  if (format) options.format = format;
  const pattern = named('matches')?.constraints[0];
  if (pattern instanceof RegExp) options.pattern = pattern.source;
  const bound = (name: string): number | undefined => (named(name)?.each ? undefined : (named(name)?.constraints[0] as number | undefined));
  const limits = { minimum: bound('min'), maximum: bound('max'), minItems: bound('arrayMinSize'), maxItems: bound('arrayMaxSize'), maxLength: bound('maxLength') };
  for (const [key, value] of Object.entries(limits)) if (value !== undefined) options[key] = value;
  if (named('isNotEmpty') && options.type === 'string') options.minLength = 1;
  if (named('isShare')) Object.assign(options, { minimum: 0, exclusiveMinimum: true, maximum: 1 });
  return options as ApiPropertyOptions;
};

const documented = new WeakSet<Class>();

/**
 * Documents for OpenAPI a class described by class-validator decorators (the domain's documents carry no
 * framework), and the classes it nests and extends: its schema in the API is the one it is validated by.
 * Call it before deriving DTOs from the class (PickType & co. copy what is documented then).
 */
export const documentFromValidation = (type: Class): void => {
  if (documented.has(type)) return;
  documented.add(type);
  const parent = Object.getPrototypeOf(type) as Class;
  if (parent !== Function.prototype) documentFromValidation(parent);
  const checks = getMetadataStorage()
    .getTargetValidationMetadatas(type, '', true, false)
    .filter((check) => check.target === type);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const check of checks) byProperty.set(check.propertyName, [...(byProperty.get(check.propertyName) ?? []), check]);
  for (const [property, own] of byProperty) {
    ApiProperty(propertyOf(own))(type.prototype as object, property);
    const nested = (own.find((check) => (check.context as Documentation | undefined)?.type)?.context as Documentation | undefined)?.type;
    if (nested) documentFromValidation(nested());
  }
};
