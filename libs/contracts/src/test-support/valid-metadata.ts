import { randomUUID } from 'node:crypto';

/** The metadata of a valid event, fresh ids each time. */
export const validMetadata = (): Record<string, unknown> => ({
  eventId: randomUUID(),
  complaintId: randomUUID(),
  mallId: 'mall-sha-01',
  occurredAt: '2025-03-01T09:14:00.000Z',
  recordedAt: '2025-03-01T09:15:01.123Z',
  actor: { type: 'staff', id: 'desk-7' },
  correlationId: randomUUID(),
  causationId: null,
  schemaVersion: 1,
  streamId: 'complaint-123',
  streamPosition: 1,
});
