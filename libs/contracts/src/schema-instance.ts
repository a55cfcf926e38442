import { plainToInstance, TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';

type SchemaClass = new () => object;

/** A schema's validated properties, each with the class its @Type names (undefined: none). */
type Shape = Map<string, SchemaClass | undefined>;

const shapes = new Map<SchemaClass, Shape | null>();

/** Classes class-transformer converts to (String → String(value), Date → new Date(value), …) rather than instantiates. */
const CONVERTED: readonly unknown[] = [String, Number, Boolean, Date, Buffer, Map, Set, Array, Object, Promise];

/**
 * The properties of a schema that class-transformer's plainToInstance only copies: none exposed,
 * excluded, renamed or transformed, and each @Type a plain `() => Class` naming another such
 * schema. null when anything else is declared.
 */
const shapeOf = (schema: SchemaClass): Shape | null => {
  const known = shapes.get(schema);
  if (known !== undefined) return known;
  shapes.set(schema, null); // a schema nested in itself is left to plainToInstance
  const shape = plainShape(schema);
  shapes.set(schema, shape);
  return shape;
};

const plainShape = (schema: SchemaClass): Shape | null => {
  const transformer = defaultMetadataStorage;
  if (transformer.getStrategy(schema) !== 'none' || transformer.getExposedMetadatas(schema).length > 0 || transformer.getExcludedMetadatas(schema).length > 0) {
    return null;
  }
  const shape: Shape = new Map();
  for (const { propertyName } of getMetadataStorage().getTargetValidationMetadatas(schema, '', false, false)) {
    if (shape.has(propertyName)) continue;
    if (transformer.findTransformMetadatas(schema, propertyName, TransformationType.PLAIN_TO_CLASS).length > 0) return null;
    const type = transformer.findTypeMetadata(schema, propertyName);
    if (!type) {
      shape.set(propertyName, undefined);
      continue;
    }
    if (type.options?.discriminator || type.typeFunction.length > 0) return null;
    const nested = type.typeFunction() as SchemaClass;
    const arrayOf = type.reflectedType as unknown;
    if (CONVERTED.includes(nested) || !shapeOf(nested)) return null;
    if (arrayOf !== undefined && arrayOf !== Array && arrayOf !== Object && arrayOf !== nested) return null;
    shape.set(propertyName, nested);
  }
  return shape;
};

/** Set when the value holds something plainToInstance would do more with than copy. */
const NOT_PLAIN = Symbol('not plain');

const isPlainObject = (value: object): value is Record<string, unknown> => Object.getPrototypeOf(value) === Object.prototype;

/** A key plainToInstance skips on this target (`__proto__`, `constructor`, inherited methods and getters). */
const skippedOn = (target: object, key: string): boolean =>
  key === '__proto__' ||
  key === 'constructor' ||
  (key in target && !Object.prototype.hasOwnProperty.call(target, key)) ||
  typeof (target as Record<string, unknown>)[key] === 'function';

const copy = (value: unknown, type: SchemaClass | undefined): unknown => {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    let notPlain = false;
    value.forEach((item) => {
      const copied = copy(item, type);
      if (copied === NOT_PLAIN) notPlain = true;
      items.push(copied);
    });
    return notPlain ? NOT_PLAIN : items;
  }
  if (typeof value !== 'object' || !isPlainObject(value)) return NOT_PLAIN;
  const shape = type ? shapeOf(type) : undefined;
  if (shape === null) return NOT_PLAIN;
  const target = (type ? new type() : {}) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    if (shape && !shape.has(key)) return NOT_PLAIN;
    if (skippedOn(target, key)) return NOT_PLAIN;
    const copied = copy(value[key], shape?.get(key));
    if (copied === NOT_PLAIN) return NOT_PLAIN;
    target[key] = copied;
  }
  return target;
};

/**
 * `plainToInstance(schema, value)` for JSON-plain data, built without class-transformer's per-key
 * metadata lookups (about a fifth of parseEvent's CPU profile): the same instance, the same copies. Anything else
 * (a key the schema does not name, a Date, a class instance, a key such as `constructor`, a schema
 * with @Transform or @Expose) goes to plainToInstance itself.
 */
export const schemaInstance = <T extends object>(schema: new () => T, value: object): T => {
  const instance = copy(value, schema);
  return instance === NOT_PLAIN ? plainToInstance(schema, value) : (instance as T);
};
