import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import * as classTransformer from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { EVENT_CATALOGUE, type CatalogueEntry } from './catalogue';
import { CONTRACT_VALIDATOR_OPTIONS, validateContract } from './contract-validator';
import { schemaInstance } from './schema-instance';
import { EventMetadataSchema, flattenValidationErrors } from './validation';

type Schema = new () => object;
type Json = Record<string, unknown>;

/** Every schema a contract check meets: each event type's current and older versions, and the metadata. */
const SCHEMAS: Schema[] = [
  EventMetadataSchema,
  ...Object.values<CatalogueEntry>(EVENT_CATALOGUE).flatMap((entry) => [entry.schema, ...Object.values(entry.upcasters ?? {}).map((upcaster) => upcaster.schema)]),
];

/** Strings for the @Matches patterns of the contracts (a pattern missing here fails the sample check below). */
const MATCHING: Record<string, string> = {
  '^[A-Z0-9]{2,8}-\\d{8}-\\d{4,}$': 'SH01-20261123-0042',
  '^[A-Z0-9]{2,8}$': 'SH01',
  '^([A-Z0-9]{2,8}|hq)$': 'SH01',
  '^\\d{4}-(0[1-9]|1[0-2])$': '2026-11',
  '^[0-9a-f]{64}$': 'ab'.repeat(32),
};

const ARRAY_CONSTRAINTS = new Set(['isArray', 'arrayMaxSize', 'arrayMinSize']);

const metadataByProperty = (schema: Schema): Map<string, ValidationMetadata[]> => {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(schema, '', false, false)) {
    byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
  }
  return byProperty;
};

/** A valid value of each property, from the schema's own decorators. */
const sampleOf = (schema: Schema): Json => {
  const sample: Json = {};
  for (const [property, metadata] of metadataByProperty(schema)) {
    const named = new Map(metadata.filter((m) => m.name).map((m) => [m.name as string, m.constraints as unknown[] | undefined]));
    const nested = defaultMetadataStorage.findTypeMetadata(schema, property)?.typeFunction() as Schema | undefined;
    const one = (): unknown => {
      if (nested) return sampleOf(nested);
      if (named.has('isIn')) return (named.get('isIn')?.[0] as unknown[])[0];
      if (named.has('isUuid')) return randomUUID();
      if (named.has('isIso8601')) return '2026-11-23T02:00:00.000Z';
      if (named.has('matches')) return MATCHING[(named.get('matches')?.[0] as RegExp).source] ?? `no sample for ${String(named.get('matches')?.[0])}`;
      if (named.has('isInt')) return Math.max(1, Number(named.get('min')?.[0] ?? 1));
      if (named.has('isBoolean')) return true;
      if (named.has('isObject')) return {};
      if (named.has('isString') || named.has('isNotEmpty')) return 'x';
      return undefined;
    };
    if ([...ARRAY_CONSTRAINTS].some((name) => named.has(name)) || metadata.some((m) => m.each)) {
      const elementKnown = nested !== undefined || [...named.keys()].some((name) => !ARRAY_CONSTRAINTS.has(name));
      sample[property] = elementKnown ? Array.from({ length: Math.max(1, Number(named.get('arrayMinSize')?.[0] ?? 1)) }, one) : [];
    } else {
      sample[property] = one();
    }
  }
  return sample;
};

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

class NotPlain {
  constructor(readonly note = 'a class instance') {}
}

/** Broken copies of a valid sample: each property missing, null, of each wrong kind; nested ones broken inside; keys plainToInstance treats apart. */
const variantsOf = (sample: Json): { name: string; value: Json }[] => {
  const variants: { name: string; value: Json }[] = [];
  const replaced = (property: string, value: unknown): Json => ({ ...sample, [property]: value });
  for (const [property, valid] of Object.entries(sample)) {
    const { [property]: _dropped, ...without } = sample;
    variants.push({ name: `${property} missing`, value: without });
    for (const wrong of [null, 12345, -1, 1.5, 'not-valid %', '', true, {}, [], [1, 'a'], 'x'.repeat(5000)]) {
      variants.push({ name: `${property} = ${JSON.stringify(wrong).slice(0, 20)}`, value: replaced(property, wrong) });
    }
    variants.push({ name: `${property} undefined`, value: replaced(property, undefined) });
    variants.push({ name: `${property} a Date`, value: replaced(property, new Date('2026-11-23T02:00:00.000Z')) });
    variants.push({ name: `${property} a class instance`, value: replaced(property, new NotPlain()) });
    if (Array.isArray(valid)) {
      variants.push({ name: `${property} a Set`, value: replaced(property, new Set(valid)) });
      variants.push({ name: `${property} too long`, value: replaced(property, Array.from({ length: 30 }, () => valid[0] ?? 'x')) });
      for (const element of valid.filter((item): item is Json => typeof item === 'object' && item !== null)) {
        for (const inner of variantsOf(element)) variants.push({ name: `${property}[0].${inner.name}`, value: replaced(property, [inner.value, ...valid.slice(1)]) });
        variants.push({ name: `${property}: a second, broken`, value: replaced(property, [...valid, { ...element, unexpected: 1 }]) });
      }
    } else if (typeof valid === 'object' && valid !== null) {
      for (const inner of variantsOf(valid as Json)) variants.push({ name: `${property}.${inner.name}`, value: replaced(property, inner.value) });
    }
  }
  variants.push({ name: 'an unknown property', value: { ...sample, unexpected: 'x' } });
  variants.push({ name: 'an unknown property, undefined', value: { ...sample, unexpected: undefined } });
  variants.push({ name: 'an unknown nested object', value: { ...sample, unexpected: { constructor: 'x' } } });
  for (const key of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) variants.push({ name: `a key ${key}`, value: { ...sample, [key]: 'x' } });
  const rest = JSON.stringify(sample).slice(1);
  variants.push({ name: 'a key __proto__ (as JSON.parse makes it)', value: JSON.parse(`{"__proto__": {"polluted": 1}${rest === '}' ? '' : ','} ${rest}`) as Json });
  variants.push({ name: 'empty', value: {} });
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

describe.each(SCHEMAS.map((schema) => [schema.name, schema] as const))('%s: schemaInstance and the cached validation against plainToInstance and validateSync', (_name, schema) => {
  const sample = sampleOf(schema);

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

  it('refuses every broken variant exactly as before: same fields, same messages, same order; same instances', () => {
    const variants = variantsOf(sample);
    expect(variants.length).toBeGreaterThan(20);
    for (const { name, value } of variants) {
      for (const payload of [value, json(value)]) {
        const expected = before(schema, payload);
        const actual = now(schema, payload);
        if (!isDeepStrictEqual(actual, expected)) expect({ variant: name, outcome: actual }).toStrictEqual({ variant: name, outcome: expected });
        expect({ variant: name, prototypes: prototypesOf(actual) }).toEqual({ variant: name, prototypes: prototypesOf(expected) });
      }
    }
  });
});

describe('schemaInstance', () => {
  it('leaves what it does not merely copy to plainToInstance: a key plainToInstance skips, a Date, a class instance', () => {
    const plainToInstance = jest.spyOn(classTransformer, 'plainToInstance');
    try {
      const sample = sampleOf(EventMetadataSchema);
      for (const value of [{ ...sample, constructor: 'x' }, { ...sample, occurredAt: new Date() }, { ...sample, actor: new NotPlain() }, { ...sample, unexpected: 1 }]) {
        schemaInstance(EventMetadataSchema, value);
      }
      expect(plainToInstance).toHaveBeenCalledTimes(4);
    } finally {
      plainToInstance.mockRestore();
    }
  });
});
