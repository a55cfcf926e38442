import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationTypes } from 'class-validator';
import { EVENT_CATALOGUE, type ComplaintEventType } from '../catalogue';
import { assertValidEventData, EventContractViolation, flattenValidationErrors, type FieldError } from '../validation';

/**
 * Event payloads are published contracts: how their schemas are written may change, what they accept
 * and refuse may not. The samples below were recorded from the schemas as published (valid payloads
 * and variations of each field); every schema must still answer each of them exactly as recorded,
 * and each schema class must carry the same class-validator metadata. Re-record
 * (RECORD_CONTRACT_SAMPLES=1) only for a deliberate contract change, such as a new version.
 */
const FIXTURE = join(__dirname, '__fixtures__', 'contract-samples.json');
const RECORDING = process.env.RECORD_CONTRACT_SAMPLES === '1';

type Schema = new () => object;
type Json = unknown;

interface Sample {
  schema: string;
  what: string;
  data: Json;
  /** The schema's own answer: no errors for an accepted payload. */
  errors: FieldError[];
  /** assertValidEventData of the type: the version accepted, or the violation's field errors. */
  asType: number | FieldError[];
}

interface Fixture {
  metadataDigests: Record<string, string>;
  samples: Sample[];
}

/** Every schema the catalogue reads: each type's current version and those it upcasts. */
const readableSchemas = (): { type: ComplaintEventType; schema: Schema }[] =>
  (Object.keys(EVENT_CATALOGUE) as ComplaintEventType[]).flatMap((type) => {
    const entry = EVENT_CATALOGUE[type] as { schema: Schema; upcasters?: Record<number, { schema: Schema }> };
    return [entry.schema, ...Object.values(entry.upcasters ?? {}).map((upcaster) => upcaster.schema)].map((schema) => ({ type, schema }));
  });

/** The checks validation.ts makes of an event's data. */
const errorsOf = (schema: Schema, data: Json): FieldError[] => {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [{ field: 'data', messages: ['must be an object'] }];
  return flattenValidationErrors(validateSync(plainToInstance(schema, data), { whitelist: true, forbidNonWhitelisted: true }), 'data');
};

const asTypeOf = (type: ComplaintEventType, data: Json): number | FieldError[] => {
  try {
    return assertValidEventData(type, data);
  } catch (error) {
    if (error instanceof EventContractViolation) return error.fieldErrors;
    throw error;
  }
};

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

const metadataOf = (schema: Schema): ValidationMetadata[] => getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);

const propertiesOf = (schema: Schema): string[] => [...new Set(metadataOf(schema).map((metadata) => metadata.propertyName))];

/** The class class-transformer makes of a property's object (or of an array's element): how nested schemas are found. */
const nestedClassOf = (schema: Schema, property: string, asArray: boolean): Schema | undefined => {
  const instance = plainToInstance(schema, { [property]: asArray ? [{}] : {} }) as Record<string, unknown>;
  const value = asArray ? (instance[property] as unknown[])[0] : instance[property];
  const made = (value as object | undefined)?.constructor as Schema | undefined;
  return made && made !== Object ? made : undefined;
};

const canonical = (value: unknown): unknown => {
  if (typeof value === 'function') return `fn:${value.toString()}`;
  if (value instanceof RegExp) return `re:${String(value)}`;
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, canonical(inner)]));
  return value;
};

/** The schema's validation metadata in registration order (which orders the error messages), with its nested classes. */
const metadataDigestOf = (schema: Schema): string => {
  const rules = metadataOf(schema).map((metadata) => canonical({ ...metadata, target: undefined }));
  const nested = propertiesOf(schema).map((property) => [property, nestedClassOf(schema, property, false)?.name ?? null, nestedClassOf(schema, property, true)?.name ?? null]);
  return createHash('sha256').update(JSON.stringify({ rules, nested })).digest('hex');
};

/** Every schema class, the nested ones included. */
const allSchemaClasses = (): Schema[] => {
  const found = new Set<Schema>();
  const visit = (schema: Schema): void => {
    if (found.has(schema)) return;
    found.add(schema);
    for (const property of propertiesOf(schema)) {
      for (const nested of [nestedClassOf(schema, property, false), nestedClassOf(schema, property, true)]) if (nested) visit(nested);
    }
  };
  readableSchemas().forEach(({ schema }) => visit(schema));
  return [...found];
};

// ---- Recording: payloads made from the published schemas' own rules. ----

const INSTANT = '2025-03-01T09:15:00.000Z';
const UUID = '3f1c9e62-5a7b-4c1d-9e8f-0a1b2c3d4e5f';
/** A value each published pattern accepts. */
const MATCHING: Record<string, string> = {
  '^[A-Z0-9]{2,8}-\\d{8}-\\d{4,}$': 'SHA01-20250301-0042',
  '^[A-Z0-9]{2,8}$': 'SHA01',
  '^([A-Z0-9]{2,8}|hq)$': 'SHA01',
  '^\\d{4}-(0[1-9]|1[0-2])$': '2025-03',
  '^[0-9a-f]{64}$': 'ab'.repeat(32),
};

interface Rules {
  has: (name: string, each?: boolean) => boolean;
  arg: (name: string) => unknown;
  nested: boolean;
  optional: boolean;
}

const rulesOf = (schema: Schema, property: string): Rules => {
  const own = metadataOf(schema).filter((metadata) => metadata.propertyName === property);
  const named = (name: string, each?: boolean) =>
    own.find((metadata) => metadata.name === name && (each === undefined || Boolean(metadata.each) === each));
  return {
    has: (name, each) => named(name, each) !== undefined,
    arg: (name) => named(name)?.constraints?.[0],
    nested: own.some((metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION),
    optional: own.some((metadata) => metadata.type === ValidationTypes.CONDITIONAL_VALIDATION),
  };
};

/** A value one element (or the whole value, for a non-array) satisfies. */
const validElement = (schema: Schema, property: string, rules: Rules, asArray: boolean): Json => {
  if (rules.nested) {
    const nested = nestedClassOf(schema, property, asArray);
    if (!nested) throw new Error(`${schema.name}.${property}: nested without a type`);
    return validPayload(nested);
  }
  if (rules.has('isIn')) return (rules.arg('isIn') as unknown[])[0];
  if (rules.has('isIso8601')) return INSTANT;
  if (rules.has('isUuid')) return UUID;
  if (rules.has('matches')) {
    const pattern = (rules.arg('matches') as RegExp).source;
    if (!(pattern in MATCHING)) throw new Error(`${schema.name}.${property}: no sample for /${pattern}/`);
    return MATCHING[pattern];
  }
  if (rules.has('isInt')) return Math.max(1, Number(rules.arg('min') ?? 1));
  if (rules.has('isBoolean')) return true;
  if (rules.has('isString')) return 'sample';
  if (rules.has('isObject')) return { any: 'thing' };
  throw new Error(`${schema.name}.${property}: no valid value known`);
};

const validValue = (schema: Schema, property: string): Json => {
  const rules = rulesOf(schema, property);
  if (rules.has('isArray') || rules.has('arrayMinSize') || rules.has('arrayMaxSize') || rulesOfEach(schema, property)) {
    const count = Math.max(1, Number(rules.arg('arrayMinSize') ?? 1));
    return Array.from({ length: count }, (_, index) => {
      const element = validElement(schema, property, rules, true);
      return typeof element === 'string' && rules.has('isUuid') ? UUID.replace(/.$/, String(index % 10)) : element;
    });
  }
  return validElement(schema, property, rules, false);
};

const rulesOfEach = (schema: Schema, property: string): boolean =>
  metadataOf(schema).some((metadata) => metadata.propertyName === property && metadata.each === true);

const validPayload = (schema: Schema): Record<string, Json> =>
  Object.fromEntries(propertiesOf(schema).map((property) => [property, validValue(schema, property)]));

/** Values that break (or test the edge of) a field's rules; which of them are refused is what gets recorded. */
const variationsOf = (schema: Schema, property: string, valid: Json): [string, Json][] => {
  const rules = rulesOf(schema, property);
  const variations: [string, Json][] = [
    ['missing', undefined],
    ['null', null],
    ['number', 42],
    ['string', 'x'],
    ['empty string', ''],
    ['blank', '   '],
    ['boolean', false],
    ['object', {}],
    ['array', []],
  ];
  const maxLength = rules.arg('maxLength') as number | undefined;
  if (maxLength !== undefined) variations.push(['at max length', 'a'.repeat(maxLength)], ['over max length', 'a'.repeat(maxLength + 1)]);
  if (rules.has('isIso8601') && !Array.isArray(valid)) {
    variations.push(['date only', '2025-03-01'], ['impossible date', '2025-02-30T09:15:00Z'], ['offset', '2025-03-01T17:15:00+08:00'], ['no zone', '2025-03-01T09:15:00'], ['words', 'yesterday']);
  }
  if (rules.has('isInt')) {
    const min = rules.arg('min') as number | undefined;
    const max = rules.arg('max') as number | undefined;
    variations.push(['fraction', 1.5], ['negative', -1], ['zero', 0], ['numeric string', '5']);
    if (min !== undefined) variations.push(['below min', min - 1], ['at min', min]);
    if (max !== undefined) variations.push(['at max', max], ['above max', max + 1]);
  }
  if (rules.has('isIn') && !Array.isArray(valid)) variations.push(['not in the list', 'no-such-value'], ['list value upper case', String(valid).toUpperCase()]);
  if (rules.has('matches')) variations.push(['lower case', String(valid).toLowerCase()], ['with space', ` ${String(valid)}`], ['suffixed', `${String(valid)}-`]);
  if (rules.has('isUuid') && !Array.isArray(valid)) variations.push(['not a uuid', 'not-a-uuid'], ['uuid upper case', UUID.toUpperCase()]);
  if (rules.has('isBoolean')) variations.push(['boolean string', 'true'], ['one', 1]);
  if (Array.isArray(valid)) {
    const element = valid[0];
    const maxSize = rules.arg('arrayMaxSize') as number | undefined;
    variations.push(['empty list', []], ['list with null', [null]], ['list with a number', [42]], ['list with a string', ['x']], ['list with empty string', ['']], ['list of lists', [[element]]]);
    if (maxSize !== undefined) variations.push(['list at max size', Array(maxSize).fill(element)], ['list over max size', Array(maxSize + 1).fill(element)]);
    if (rules.has('isIso8601')) variations.push(['list with a date only', [element, '2025-03-01']]);
    if (typeof element === 'object' && element !== null) {
      for (const [what, nested] of nestedVariations(nestedClassOf(schema, property, true), element as Record<string, Json>)) variations.push([`element ${what}`, [nested]]);
    }
  } else if (rules.nested && typeof valid === 'object' && valid !== null) {
    for (const [what, nested] of nestedVariations(nestedClassOf(schema, property, false), valid as Record<string, Json>)) variations.push([`nested ${what}`, nested]);
  }
  return variations;
};

const nestedVariations = (schema: Schema | undefined, valid: Record<string, Json>): [string, Json][] =>
  schema ? [...payloadVariations(schema, valid), ['with an unknown field', { ...valid, unknownField: 1 }]] : [];

const payloadVariations = (schema: Schema, valid: Record<string, Json>): [string, Record<string, Json>][] =>
  propertiesOf(schema).flatMap((property) =>
    variationsOf(schema, property, valid[property]).map(([what, value]): [string, Record<string, Json>] => {
      const payload = { ...valid };
      if (value === undefined) delete payload[property];
      else payload[property] = value;
      return [`${property}: ${what}`, payload];
    }),
  );

const record = (): Fixture => {
  const samples: Sample[] = [];
  const seen = new Set<Schema>();
  for (const { type, schema } of readableSchemas()) {
    if (seen.has(schema)) continue;
    seen.add(schema);
    const valid = validPayload(schema);
    if (errorsOf(schema, valid).length > 0) throw new Error(`${schema.name}: the made-up valid payload is refused: ${JSON.stringify(errorsOf(schema, valid))}`);
    const payloads: [string, Json][] = [
      ['valid', valid],
      ['every optional field absent', Object.fromEntries(Object.entries(valid).filter(([property]) => !rulesOf(schema, property).optional))],
      ['with an unknown field', { ...valid, unknownField: 'x' }],
      ['empty object', {}],
      ['null', null],
      ['array', [valid]],
      ['string', 'payload'],
      ...payloadVariations(schema, valid),
    ];
    for (const [what, data] of payloads) samples.push({ schema: schema.name, what, data, errors: errorsOf(schema, data), asType: asTypeOf(type, data) });
  }
  const metadataDigests = Object.fromEntries(allSchemaClasses().map((schema) => [schema.name, metadataDigestOf(schema)]));
  return { metadataDigests, samples };
};

/** Long runs of one character ({ $repeat, times }) and long lists of one element ({ $fill, times }) are written short. */
const pack = (value: Json): Json => {
  if (typeof value === 'string' && value.length > 64 && value === value[0].repeat(value.length)) return { $repeat: value[0], times: value.length };
  if (Array.isArray(value)) {
    const packed = value.map(pack);
    return packed.length > 8 && packed.every((element) => JSON.stringify(element) === JSON.stringify(packed[0])) ? { $fill: packed[0], times: packed.length } : packed;
  }
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, pack(inner)]));
  return value;
};

const unpack = (value: Json): Json => {
  if (Array.isArray(value)) return value.map(unpack);
  if (typeof value !== 'object' || value === null) return value;
  const { $repeat, $fill, times = 0 } = value as { $repeat?: string; $fill?: Json; times?: number };
  if ($repeat !== undefined) return $repeat.repeat(times);
  if ($fill !== undefined) return Array.from({ length: times }, () => unpack($fill));
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, unpack(inner)]));
};

/**
 * As written: an object payload as its differences from the schema's valid one (`set`, `unset`), and
 * `asType` left out where it is the schema's own errors.
 */
interface StoredSample extends Omit<Sample, 'data' | 'asType'> {
  data?: Json;
  set?: Record<string, Json>;
  unset?: string[];
  asType?: number | FieldError[];
}

const isRecord = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: Json, b: Json): boolean => JSON.stringify(a) === JSON.stringify(b);

const store = (sample: Sample, valid: Json): StoredSample => {
  const { data, asType, ...rest } = sample;
  const answer = sample.errors.length > 0 && same(asType, sample.errors) ? {} : { asType };
  if (!isRecord(data) || !isRecord(valid) || sample.what === 'valid') return { ...rest, data: pack(data), ...answer };
  const set = Object.fromEntries(Object.entries(data).filter(([key, value]) => !same(value, valid[key])).map(([key, value]) => [key, pack(value)]));
  const unset = Object.keys(valid).filter((key) => !(key in data));
  return { ...rest, ...(Object.keys(set).length > 0 ? { set } : {}), ...(unset.length > 0 ? { unset } : {}), ...answer };
};

const restore = (stored: StoredSample, valid: Json): Sample => {
  const { data, set, unset, asType, ...rest } = stored;
  let restored: Json = unpack(data);
  if (data === undefined) {
    const changed: Record<string, Json> = { ...(valid as Record<string, Json>), ...(unpack(set ?? {}) as Record<string, Json>) };
    for (const key of unset ?? []) delete changed[key];
    restored = changed;
  }
  return { ...rest, data: restored, asType: asType ?? stored.errors };
};

if (RECORDING) {
  const recorded = record();
  const validOf = (name: string): Json => recorded.samples.find((sample) => sample.schema === name && sample.what === 'valid')?.data;
  const lines = recorded.samples.map((sample) => JSON.stringify(store(sample, validOf(sample.schema))));
  writeFileSync(FIXTURE, `{"metadataDigests":${JSON.stringify(recorded.metadataDigests, null, 1)},\n"samples":[\n${lines.join(',\n')}\n]}\n`);
}

const stored = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { metadataDigests: Record<string, string>; samples: StoredSample[] };
const validData = new Map(stored.samples.filter((sample) => sample.what === 'valid').map((sample) => [sample.schema, unpack(sample.data)]));
const fixture: Fixture = { ...stored, samples: stored.samples.map((sample) => restore(sample, validData.get(sample.schema))) };
const schemaNamed = new Map(readableSchemas().map(({ type, schema }) => [schema.name, { type, schema }]));

describe('event contracts, as recorded from the published schemas', () => {
  it('has samples of every readable schema, valid ones and refused ones', () => {
    expect(new Set(fixture.samples.map((sample) => sample.schema))).toEqual(new Set(schemaNamed.keys()));
    for (const name of schemaNamed.keys()) {
      const own = fixture.samples.filter((sample) => sample.schema === name);
      expect(own.some((sample) => sample.errors.length === 0)).toBe(true);
      expect(own.some((sample) => sample.errors.length > 0)).toBe(true);
    }
  });

  it.each([...schemaNamed.keys()])('%s accepts and refuses each recorded payload as it did, with the same field errors', (name) => {
    const { type, schema } = schemaNamed.get(name) as { type: ComplaintEventType; schema: Schema };
    const own = fixture.samples.filter((sample) => sample.schema === name);
    const answers = own.map((sample) => ({ what: sample.what, errors: errorsOf(schema, sample.data), asType: asTypeOf(type, sample.data) }));
    expect(answers).toEqual(own.map(({ what, errors, asType }) => ({ what, errors, asType })));
  });

  it('every schema class, nested ones included, carries the same class-validator metadata', () => {
    const digests = Object.fromEntries(allSchemaClasses().map((schema) => [schema.name, metadataDigestOf(schema)]));
    expect(digests).toEqual(fixture.metadataDigests);
  });
});
