export enum EventStoreErrorCode {
  StreamVersionConflict = 'STREAM_VERSION_CONFLICT',
  ForeignEventType = 'FOREIGN_EVENT_TYPE',
}

export class EventStoreError extends Error {
  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EventStoreError';
  }
}

/** Someone else appended to the stream first: reload and decide again, or reject the command. */
export class StreamVersionConflict extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | 'any',
  ) {
    super(EventStoreErrorCode.StreamVersionConflict, `stream ${streamId} is not at version ${String(expectedVersion)}`);
    this.name = 'StreamVersionConflict';
  }
}

export const isUniqueViolation = (error: unknown): error is { code: string; constraint?: string } =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
