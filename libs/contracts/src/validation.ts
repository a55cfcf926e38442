import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
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
  validateSync,
  type ValidationError,
} from 'class-validator';
import { EVENT_CATALOGUE, isKnownEventType, type ComplaintEvent } from './catalogue';
import { ACTOR_TYPES, type ActorType } from './vocabulary';

class ActorSchema {
  @IsIn(ACTOR_TYPES)
  type!: ActorType;

  @IsString()
  @IsNotEmpty()
  id!: string;
}

class EventMetadataSchema {
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
  const instance = plainToInstance(schema, value);
  return flattenValidationErrors(
    validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }),
    prefix,
  );
};

/** Validates the payload of an event about to be written (metadata is filled in by the store). */
export const assertValidEventData = (type: string, data: unknown): void => {
  if (!isKnownEventType(type)) throw new EventContractViolation(type, [{ field: 'type', messages: ['unknown event type'] }]);
  const errors = check(EVENT_CATALOGUE[type].schema, data, 'data');
  if (errors.length > 0) throw new EventContractViolation(type, errors);
};

/** Validates a whole event arriving from a transport and returns it typed. */
export const parseEvent = (raw: unknown): ComplaintEvent => {
  if (typeof raw !== 'object' || raw === null) throw new EventContractViolation('unknown', [{ field: '', messages: ['must be an object'] }]);
  const { type, data, metadata } = raw as { type?: unknown; data?: unknown; metadata?: unknown };
  if (typeof type !== 'string' || !isKnownEventType(type)) {
    throw new EventContractViolation(String(type), [{ field: 'type', messages: ['unknown event type'] }]);
  }
  const errors = [...check(EventMetadataSchema, metadata, 'metadata'), ...check(EVENT_CATALOGUE[type].schema, data, 'data')];
  const version = (metadata as { schemaVersion?: unknown } | undefined)?.schemaVersion;
  if (errors.length === 0 && version !== EVENT_CATALOGUE[type].schemaVersion) {
    errors.push({ field: 'metadata.schemaVersion', messages: [`no upcaster from version ${String(version)}`] });
  }
  if (errors.length > 0) throw new EventContractViolation(type, errors);
  return { type, data, metadata } as ComplaintEvent;
};

