import type { WorkQueueRow } from './queue-rows';

/** A row of routing's queue views for the queue's tests: a routed engineering case, nothing else set unless given. */
export const workQueueRow = (complaintId: string, partial: Partial<WorkQueueRow> = {}): WorkQueueRow => ({
  complaintId,
  caseNumber: `SH01-${complaintId}`,
  category: 'engineering-equipment',
  summary: null,
  status: 'routed',
  severity: null,
  assigneeStaffId: null,
  receivedAt: '2026-12-02T01:00:00Z',
  nearestDeadline: null,
  clocks: [],
  ...partial,
});
