import 'reflect-metadata';
import { parseIsoDate } from '@mallcare/calendar';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { HHMM, MALL_CODE, POLICY_ID } from './policy-vocabulary';

/**
 * The field kinds a policy document is made of, as class-validator decorators: the one description of
 * the document that stored policies and admin requests are both validated by, and that the API's
 * documentation is read from (`context` carries what a reader of the API needs beyond the checks).
 */
export interface FieldOptions {
  optional?: boolean;
  /** In a change, null has a meaning (follow the group, the default again); documented as nullable. */
  nullable?: boolean;
  description?: string;
}

const compose =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const decorator of decorators) decorator(target, key);
  };

/** The first decorator of a field carries its documentation; an optional field starts with IsOptional. */
const field = (options: FieldOptions & { type?: () => object }, check: (documented: ValidationOptions) => PropertyDecorator, ...more: PropertyDecorator[]): PropertyDecorator => {
  const documented: ValidationOptions = { context: { nullable: options.nullable === true, description: options.description, type: options.type } };
  return options.optional ? compose(IsOptional(documented), check({}), ...more) : compose(check(documented), ...more);
};

export const isValidTimeZone = (timeZone: unknown): boolean => {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
};

const isCalendarDate = (value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
};

/** One of the listed values. */
export const OneOf = (values: readonly string[], options: FieldOptions = {}): PropertyDecorator =>
  field(options, (documented) => IsIn(values, { ...documented, message: `must be one of ${values.join(', ')}` }));

/** A list of the listed values, at least `min` of them (1 unless told). */
export const ListOf = (values: readonly string[], { min = 1, max, unique, ...options }: FieldOptions & { min?: number; max?: number; unique?: boolean } = {}): PropertyDecorator =>
  field(
    options,
    (documented) => IsArray(documented),
    ...(min > 0 ? [ArrayMinSize(min, { message: `must list at least ${min}` })] : []),
    ...(max !== undefined ? [ArrayMaxSize(max)] : []),
    ...(unique ? [ArrayUnique({ message: 'must list each value once' })] : []),
    IsIn(values, { each: true, message: `must list values of ${values.join(', ')}` }),
  );

/** A part of the document (`each`: a list of them), validated as its own class says. */
export const Nested = (type: () => new () => object, { each, min, max, ...options }: FieldOptions & { each?: boolean; min?: number; max?: number } = {}): PropertyDecorator =>
  field(
    { ...options, type },
    (documented) => (each ? IsArray(documented) : IsObject(documented)),
    ...(min !== undefined ? [ArrayMinSize(min)] : []),
    ...(max !== undefined ? [ArrayMaxSize(max)] : []),
    ValidateNested({ each: each === true }),
    Type(type),
  );

export const Id = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, (documented) => Matches(POLICY_ID, { ...documented, message: 'must be lower-case letters, digits or dashes' }));

export const Ids = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, (documented) => IsArray(documented), Matches(POLICY_ID, { each: true, message: 'must list lower-case letters, digits or dashes' }));

export const MallCode = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, (documented) => Matches(MALL_CODE, { ...documented, message: 'must be a mall code of 2–8 capital letters or digits' }));

/** Text that must not be empty, at most `max` characters. */
export const Text = (max: number, options: FieldOptions = {}): PropertyDecorator =>
  field(options, (documented) => IsString(documented), IsNotEmpty({ message: 'must not be empty' }), MaxLength(max));

/** A whole number from `min` to `max`. */
export const Count = (min: number, max: number, options: FieldOptions = {}): PropertyDecorator => field(options, (documented) => IsInt(documented), Min(min), Max(max));

/** A list of whole numbers from `min` to `max`, at most `maxItems` of them. */
export const Counts = (min: number, max: number, { maxItems, ...options }: FieldOptions & { maxItems: number }): PropertyDecorator => {
  const message = `must list whole numbers from ${min} to ${max}`;
  return field(options, (documented) => IsArray(documented), ArrayMaxSize(maxItems), IsInt({ each: true, message }), Min(min, { each: true, message }), Max(max, { each: true, message }));
};

export const Flag = (options: FieldOptions = {}): PropertyDecorator => field(options, (documented) => IsBoolean(documented));

export const TimeOfDay = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, (documented) => Matches(HHMM, { ...documented, message: 'must be a time HH:mm' }));

export const TimeZone = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, (documented) =>
    ValidateBy({ name: 'isTimeZone', validator: { validate: isValidTimeZone, defaultMessage: () => 'must be an IANA time zone such as Asia/Shanghai' } }, documented),
  );

export const CalendarDate = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, (documented) => ValidateBy({ name: 'isCalendarDate', validator: { validate: isCalendarDate, defaultMessage: () => 'must be a calendar date YYYY-MM-DD' } }, documented));

/** A share in (0, 1]: 0.95 = 95 %. */
export const Share = (options: FieldOptions = {}): PropertyDecorator =>
  field(options, (documented) =>
    ValidateBy(
      {
        name: 'isShare',
        validator: {
          validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 1,
          defaultMessage: () => 'must be a share greater than 0 and at most 1 (0.95 = 95 %)',
        },
      },
      documented,
    ),
  );
