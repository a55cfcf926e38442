import type { ActorType } from './vocabulary';

export interface Actor {
  type: ActorType;
  id: string;
}

/** Carried by every event, on every transport. */
export interface EventMetadata {
  eventId: string;
  complaintId: string;
  mallId: string;
  /** When it happened in the world (may be earlier than recordedAt, e.g. a letter logged next morning). */
  occurredAt: string;
  /** When the event store committed it; set by the store, never by the caller. */
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  schemaVersion: number;
  /** The stream inside the producing service, and the event's position in it. */
  streamId: string;
  streamPosition: number;
}

export interface DomainEvent<Type extends string, Data> {
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

/** What a decider returns: metadata that only the store and the command context can fill is added later. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  occurredAt?: string;
}
