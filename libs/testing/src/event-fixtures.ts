import { randomUUID } from 'node:crypto';
import type { ComplaintEvent, ComplaintEventType, EventData, EventMetadata, EventOfType } from '@mallcare/contracts';

/** A stored event for `given` steps: realistic metadata, only what the test cares about spelled out. */
export const storedEvent = <T extends ComplaintEventType>(
  type: T,
  data: EventData<T>,
  metadata: Partial<EventMetadata> = {},
): EventOfType<T> => {
  const complaintId = metadata.complaintId ?? randomUUID();
  const at = metadata.occurredAt ?? '2026-11-23T02:00:00.000Z';
  return {
    type,
    data,
    metadata: {
      eventId: randomUUID(),
      complaintId,
      mallId: 'SH01',
      occurredAt: at,
      recordedAt: at,
      actor: { type: 'system', id: 'test' },
      correlationId: complaintId,
      causationId: null,
      schemaVersion: 1,
      streamId: `test-${complaintId}`,
      streamPosition: 1,
      ...metadata,
    },
  } as EventOfType<T> & ComplaintEvent;
};
