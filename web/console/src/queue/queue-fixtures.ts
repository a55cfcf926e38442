import type { WorkQueueItem } from './queue-rows';

/** A routing work-queue row for the queue's tests: a routed engineering walk-in, nothing else set unless given. */
export const workQueueItem = (complaintId: string, partial: Partial<WorkQueueItem> = {}): WorkQueueItem => {
  const nearestDeadline = partial.nearestDeadline ?? null;
  return {
    complaintId,
    caseNumber: `SH01-${complaintId}`,
    mallId: 'SH01',
    kind: 'complaint',
    category: 'engineering-equipment',
    channel: 'walk-in',
    complainantType: 'consumer',
    collective: false,
    memberOfCollectiveId: null,
    written: false,
    summary: null,
    status: 'routed',
    severity: null,
    validity: null,
    responsibility: null,
    owningDepartmentId: 'engineering',
    handlingDepartmentId: 'engineering',
    assigneeStaffId: null,
    assistingDepartmentIds: [],
    mediaRisk: false,
    repeatCount: 0,
    receivedAt: '2026-12-02T01:00:00Z',
    resolvedAt: null,
    dueAt: nearestDeadline,
    nearestDeadline,
    overdue: false,
    grade: 'normal',
    clocks: [],
    version: 1,
    updatedAt: '2026-12-02T01:00:00Z',
    ...partial,
  };
};
