import type { Identity } from '../api/views';
import type { MallCase } from './today-data';

/** Test fixtures of the GM screens. */
export const GM: Identity = { staffId: 'sh01-gm', name: 'Zhou Min', roles: ['mall-gm'], mallId: 'SH01', departmentId: null };

let serial = 0;
export const mallCase = (partial: Partial<MallCase> = {}): MallCase => {
  serial += 1;
  return {
    complaintId: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    caseNumber: `SH01-20261202-${String(serial).padStart(4, '0')}`,
    mallId: 'SH01',
    kind: 'complaint',
    category: 'engineering-equipment',
    channel: 'walk-in',
    complainantType: 'consumer',
    written: false,
    collective: false,
    memberOfCollectiveId: null,
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
    dueAt: '2026-12-02T09:00:00Z',
    nearestDeadline: '2026-12-02T09:00:00Z',
    overdue: false,
    grade: 'normal',
    clocks: [],
    resolvedAt: null,
    version: 1,
    updatedAt: '2026-12-02T01:00:00Z',
    ...partial,
  };
};

