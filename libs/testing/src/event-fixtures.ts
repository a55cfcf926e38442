import { randomUUID } from 'node:crypto';
import type { ComplaintEvent, ComplaintEventType, ComplaintRegisteredV1, EventData, EventMetadata, EventOfType, NewEvent } from '@mallcare/contracts';

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

/** Intake's registration in its first version (the fewest fields), numbered `n`: for the event store's and transports' own specs; `data` says what differs. */
export const registrationV1 = (n: number, data: Partial<ComplaintRegisteredV1> = {}): ComplaintRegisteredV1 => ({
  caseNumber: `SHA01-20250301-${String(n).padStart(4, '0')}`,
  channel: 'phone',
  kind: 'complaint',
  category: 'environment-facilities',
  complainantType: 'consumer',
  description: `Escalator B${n} stopped with people on it`,
  receivedAt: '2025-03-01T09:15:00.000Z',
  ...data,
});

/** That registration as an event to append. */
export const registeredV1 = (n: number, data: Partial<ComplaintRegisteredV1> = {}): NewEvent => ({ type: 'ComplaintRegistered', data: registrationV1(n, data) });
