import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Min,
  ValidateIf,
  ValidateNested,
  type ValidationError,
} from 'class-validator';
import { validateContract } from './contract-validator';
import { schemaInstance } from './schema-instance';
import { EVENT_CATALOGUE, isKnownEventType, type CatalogueEntry, type ComplaintEvent, type ComplaintEventType } from './catalogue';
import { ACTOR_TYPES, type ActorType } from './vocabulary';

class ActorSchema {
  @IsIn(ACTOR_TYPES)
  type!: ActorType;

  @IsString()
  @IsNotEmpty()
  id!: string;
}

/** The metadata every event carries (exported for the contract-check specs). */
export class EventMetadataSchema {
  @IsUUID()
  eventId!: string;

  @IsUUID()
  complaintId!: string;

  @IsString()
  @IsNotEmpty()
  mallId!: string;

  @IsISO8601({ strict: true })
  occurredAt!: string;

  @IsISO8601({ strict: true })
  recordedAt!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => ActorSchema)
  actor!: ActorSchema;

  @IsUUID()
  correlationId!: string;

  /** Required, null for a command from outside (a request), the causing event's id otherwise. */
  @ValidateIf((metadata: EventMetadataSchema) => metadata.causationId !== null)
  @IsUUID()
  causationId!: string | null;

  @IsInt()
  @Min(1)
  schemaVersion!: number;

  @IsString()
  @IsNotEmpty()
  streamId!: string;

  @IsInt()
  @Min(1)
  streamPosition!: number;
}

export interface FieldError {
  field: string;
  messages: string[];
}

/** An event that breaks its contract: it can never be handled, so it goes to the dead-letter place. */
export class EventContractViolation extends Error {
  readonly code = 'EVENT_CONTRACT_VIOLATION';
  constructor(
    readonly eventType: string,
    readonly fieldErrors: FieldError[],
  ) {
    super(
      `${eventType} breaks its contract: ` +
        fieldErrors.map((e) => `${e.field}: ${e.messages.join(', ')}`).join('; '),
    );
    this.name = 'EventContractViolation';
  }
}

export const flattenValidationErrors = (errors: ValidationError[], prefix = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });

const check = (schema: new () => object, value: unknown, prefix: string): FieldError[] => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ field: prefix, messages: ['must be an object'] }];
  }
  return flattenValidationErrors(validateContract(schemaInstance(schema, value)), prefix);
};

const schemasByType = new Map<ComplaintEventType, { version: number; schema: new () => object }[]>();

/** The schema of each version of a type still readable: the current one and those with an upcaster. */
const schemasOf = (type: ComplaintEventType): readonly { version: number; schema: new () => object }[] => {
  let schemas = schemasByType.get(type);
  if (!schemas) {
    const entry: CatalogueEntry = EVENT_CATALOGUE[type];
    const older = Object.entries(entry.upcasters ?? {}).map(([version, upcaster]) => ({ version: Number(version), schema: upcaster.schema }));
    schemas = [{ version: entry.schemaVersion, schema: entry.schema }, ...older.sort((a, b) => b.version - a.version)];
    schemasByType.set(type, schemas);
  }
  return schemas;
};

/**
 * Validates the payload of an event about to be written (metadata is filled in by the store) and
 * returns its schema version: the current one, or an older one still readable (a producer not yet
 * moved to the new shape, e.g. during a rolling deploy; readers upcast it). When no version fits,
 * the errors named are those of the version it comes closest to.
 */
export const assertValidEventData = (type: string, data: unknown): number => {
  if (!isKnownEventType(type)) throw new EventContractViolation(type, [{ field: 'type', messages: ['unknown event type'] }]);
  const { version, errors } = closestVersion(type, data);
  if (errors.length > 0) throw new EventContractViolation(type, errors);
  return version;
};

/** The readable version the data fits, or else comes closest to (fewest errors; the newest on a tie). */
const closestVersion = (type: ComplaintEventType, data: unknown): { version: number; errors: FieldError[] } => {
  let closest: { version: number; errors: FieldError[] } | undefined;
  for (const { version, schema } of schemasOf(type)) {
    const errors = check(schema, data, 'data');
    if (errors.length === 0) return { version, errors };
    if (!closest || errors.length < closest.errors.length) closest = { version, errors };
  }
  return closest as { version: number; errors: FieldError[] };
};

/**
 * Brings stored data of an older schema version to the current shape through the catalogue's
 * upcasters, one version at a time. Current data comes back as it is.
 */
export const upcastEventData = (type: ComplaintEventType, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } => {
  const entry: CatalogueEntry = EVENT_CATALOGUE[type];
  let version = schemaVersion;
  let upcast = data;
  while (version < entry.schemaVersion) {
    const upcaster = entry.upcasters?.[version];
    if (!upcaster) throw new EventContractViolation(type, [{ field: 'metadata.schemaVersion', messages: [`no upcaster from version ${version}`] }]);
    upcast = upcaster.upcast(upcast as object);
    version += 1;
  }
  return { schemaVersion: version, data: upcast };
};

/** An event as stored, in the current shape of its type (metadata.schemaVersion says which that is). */
export const upcastEvent = <E extends ComplaintEvent>(event: E): E => {
  if (!isKnownEventType(event.type) || event.metadata.schemaVersion >= EVENT_CATALOGUE[event.type].schemaVersion) return event;
  const { schemaVersion, data } = upcastEventData(event.type, event.metadata.schemaVersion, event.data);
  return { ...event, data, metadata: { ...event.metadata, schemaVersion } } as E;
};

/**
 * Validates a whole event arriving from a transport and returns it typed, in the current shape of
 * its type: an older version is checked against its own schema, upcast, and checked again.
 */
export const parseEvent = (raw: unknown): ComplaintEvent => {
  if (typeof raw !== 'object' || raw === null) throw new EventContractViolation('unknown', [{ field: '', messages: ['must be an object'] }]);
  const { type, data, metadata } = raw as { type?: unknown; data?: unknown; metadata?: unknown };
  if (typeof type !== 'string' || !isKnownEventType(type)) {
    throw new EventContractViolation(String(type), [{ field: 'type', messages: ['unknown event type'] }]);
  }
  const metadataErrors = check(EventMetadataSchema, metadata, 'metadata');
  const version = (metadata as { schemaVersion?: unknown } | undefined)?.schemaVersion;
  const schema = schemasOf(type).find((candidate) => candidate.version === version)?.schema;
  // With no readable version named, the data is judged by the version it fits or comes closest to.
  const errors = [...metadataErrors, ...(schema ? check(schema, data, 'data') : closestVersion(type, data).errors)];
  if (errors.length === 0 && !schema) {
    errors.push({ field: 'metadata.schemaVersion', messages: [`no upcaster from version ${String(version)}`] });
  }
  if (errors.length > 0) throw new EventContractViolation(type, errors);
  const event = upcastEvent({ type, data, metadata } as ComplaintEvent);
  if (version !== EVENT_CATALOGUE[type].schemaVersion) {
    const upcastErrors = check(EVENT_CATALOGUE[type].schema, event.data, 'data');
    if (upcastErrors.length > 0) throw new EventContractViolation(type, upcastErrors);
  }
  return event;
};
