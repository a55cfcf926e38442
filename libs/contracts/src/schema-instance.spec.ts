import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as classTransformer from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EVENT_CATALOGUE, type CatalogueEntry } from './catalogue';
import { CONTRACT_VALIDATOR_OPTIONS, validateContract } from './contract-validator';
import { schemaInstance } from './schema-instance';
import { validMetadata } from './test-support/valid-metadata';
import { EventMetadataSchema, flattenValidationErrors } from './validation';

type Schema = new () => object;
type Json = Record<string, unknown>;

/** Every schema a contract check meets: each event type's current and older versions, and the metadata. */
const SCHEMAS: Schema[] = [
  EventMetadataSchema,
  ...Object.values<CatalogueEntry>(EVENT_CATALOGUE).flatMap((entry) => [entry.schema, ...Object.values(entry.upcasters ?? {}).map((upcaster) => upcaster.schema)]),
];

/**
 * The payloads recorded from the published schemas (field-rules.spec.ts): a valid one of each readable
 * schema and variations of each field, as JSON.
 */
const RECORDED = (JSON.parse(readFileSync(join(__dirname, 'events', '__fixtures__', 'contract-samples.json'), 'utf8')) as { samples: { schema: string; what: string; data: Json }[] }).samples;

const VALID_METADATA: Json = validMetadata();

const validSampleOf = (schema: Schema): Json => {
  if (schema === EventMetadataSchema) return VALID_METADATA;
  const recorded = RECORDED.find((sample) => sample.schema === schema.name && sample.what === 'valid');
  if (!recorded) throw new Error(`no valid sample of ${schema.name} recorded`);
  return recorded.data;
};

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

class NotPlain {
  constructor(readonly note = 'a class instance') {}
}

/**
 * What the recorded payloads lack, at each property and inside nested objects: values JSON cannot
 * hold (undefined, a Date, a class instance, a Set) and keys plainToInstance treats apart.
 */
const variantsOf = (sample: Json): { name: string; value: Json }[] => {
  const variants: { name: string; value: Json }[] = [];
  const replaced = (property: string, value: unknown): Json => ({ ...sample, [property]: value });
  for (const [property, valid] of Object.entries(sample)) {
    variants.push({ name: `${property} undefined`, value: replaced(property, undefined) });
    variants.push({ name: `${property} a Date`, value: replaced(property, new Date('2026-11-23T02:00:00.000Z')) });
    variants.push({ name: `${property} a class instance`, value: replaced(property, new NotPlain()) });
    if (Array.isArray(valid)) {
      variants.push({ name: `${property} a Set`, value: replaced(property, new Set(valid)) });
      variants.push({ name: `${property} sparse`, value: replaced(property, new Array<unknown>(1).concat(valid)) });
      for (const element of valid.filter((item): item is Json => typeof item === 'object' && item !== null)) {
        for (const inner of variantsOf(element)) variants.push({ name: `${property}[0].${inner.name}`, value: replaced(property, [inner.value, ...valid.slice(1)]) });
      }
    } else if (typeof valid === 'object' && valid !== null) {
      for (const inner of variantsOf(valid as Json)) variants.push({ name: `${property}.${inner.name}`, value: replaced(property, inner.value) });
    }
  }
  variants.push({ name: 'an unknown property, undefined', value: { ...sample, unexpected: undefined } });
  variants.push({ name: 'an unknown nested object', value: { ...sample, unexpected: { constructor: 'x' } } });
  for (const key of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) variants.push({ name: `a key ${key}`, value: { ...sample, [key]: 'x' } });
  const rest = JSON.stringify(sample).slice(1);
  variants.push({ name: 'a key __proto__ (as JSON.parse makes it)', value: JSON.parse(`{"__proto__": {"polluted": 1}${rest === '}' ? '' : ','} ${rest}`) as Json });
  return variants;
};

/** Each object's prototype, by path: neither isDeepStrictEqual nor toStrictEqual tells `{}` from an object whose prototype a `__proto__` key replaced. */
const prototypesOf = (value: unknown, path = ''): [string, unknown][] =>
  typeof value === 'object' && value !== null
    ? [[path, Object.getPrototypeOf(value)], ...Object.keys(value).flatMap((key) => prototypesOf((value as Json)[key], `${path}.${key}`))]
    : [];

type Outcome = { instance: object; errors: ReturnType<typeof flattenValidationErrors> } | { thrown: string };

const outcomeOf = (build: () => object, validate: (instance: object) => ValidationError[]): Outcome => {
  try {
    const instance = build();
    return { instance, errors: flattenValidationErrors(validate(instance), 'data') };
  } catch (error) {
    return { thrown: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
};

/** As the contract checks ran before: class-transformer's plainToInstance, class-validator's validateSync. */
const before = (schema: Schema, value: object): Outcome =>
  outcomeOf(() => classTransformer.plainToInstance(schema, value), (instance) => validateSync(instance, CONTRACT_VALIDATOR_OPTIONS));

const now = (schema: Schema, value: object): Outcome =>
  outcomeOf(() => schemaInstance(schema, value), validateContract);

/** Same instance (prototypes included), same fields, messages and order, or the same throw. */
const expectSameOutcome = (schema: Schema, variant: string, payload: object): void => {
  const [expected, actual] = [before(schema, payload), now(schema, payload)];
  if (!isDeepStrictEqual(actual, expected)) expect({ variant, outcome: actual }).toStrictEqual({ variant, outcome: expected });
  expect({ variant, prototypes: prototypesOf(actual) }).toEqual({ variant, prototypes: prototypesOf(expected) });
};

const SCHEMA_NAMED = new Map(SCHEMAS.map((schema) => [schema.name, schema]));

describe('schemaInstance and the cached validation', () => {
  it('answer every recorded payload of every readable schema as plainToInstance and validateSync do', () => {
    expect(RECORDED.length).toBeGreaterThan(3000);
    // check() answers data that is not an object itself, before either.
    for (const { schema: name, what, data } of RECORDED.filter((sample) => typeof sample.data === 'object' && sample.data !== null && !Array.isArray(sample.data))) {
      const schema = SCHEMA_NAMED.get(name);
      if (!schema) throw new Error(`${name}: not a readable schema`);
      expectSameOutcome(schema, what, data);
    }
  });
});

describe.each(SCHEMAS.map((schema) => [schema.name, schema] as const))('%s: schemaInstance and the cached validation against plainToInstance and validateSync', (_name, schema) => {
  const sample = validSampleOf(schema);

  it('builds a valid sample both ways, the same instance, without plainToInstance', () => {
    const plainToInstance = jest.spyOn(classTransformer, 'plainToInstance');
    try {
      const outcome = now(schema, json(sample));
      expect(plainToInstance).not.toHaveBeenCalled();
      expect(outcome).toStrictEqual(before(schema, json(sample)));
      expect(outcome).toMatchObject({ errors: [] });
      expect((outcome as { instance: object }).instance).toBeInstanceOf(schema);
    } finally {
      plainToInstance.mockRestore();
    }
  });

  it('answers what JSON cannot hold, and keys plainToInstance skips, exactly as before: same instances, fields, messages, order, throws', () => {
    const variants = variantsOf(sample);
    expect(variants.length).toBeGreaterThan(5);
    for (const { name, value } of variants) {
      for (const payload of [value, json(value)]) expectSameOutcome(schema, name, payload);
    }
  });
});

describe('schemaInstance', () => {
  it('leaves what it does not merely copy to plainToInstance: a key plainToInstance skips, a Date, a class instance', () => {
    const plainToInstance = jest.spyOn(classTransformer, 'plainToInstance');
    try {
      const sample = VALID_METADATA;
      for (const value of [{ ...sample, constructor: 'x' }, { ...sample, occurredAt: new Date() }, { ...sample, actor: new NotPlain() }, { ...sample, unexpected: 1 }]) {
        schemaInstance(EventMetadataSchema, value);
      }
      expect(plainToInstance).toHaveBeenCalledTimes(4);
    } finally {
      plainToInstance.mockRestore();
    }
  });
});
