import type { CaseRecord } from '../figures/case-record';
import { isOverdue } from './mall-month-summary';
import type { CaseDetailRow, CasePathStep } from './report.types';

const minutesFrom = (from: string, to: string | null): number | null => (to === null ? null : Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

/** One row of the weekly/monthly detail: the case's record with each step's time, who, and the outcome. */
export const caseDetailRow = (record: CaseRecord, asOf: Date): CaseDetailRow => {
  const step = (name: CasePathStep['step'], at: string | null, who: string | null): CasePathStep => ({
    step: name,
    at,
    who,
    minutesFromReceipt: minutesFrom(record.receivedAt, at),
  });
  return {
    complaintId: record.complaintId,
    caseNumber: record.caseNumber,
    mallId: record.mallId,
    localDate: record.localDate,
    week: record.week,
    month: record.month,
    kind: record.kind,
    category: record.category,
    channel: record.channel,
    complainantType: record.complainantType,
    collective: record.collective,
    collectiveCaseNumber: record.collectiveCaseNumber,
    repeatCount: record.repeatCount,
    owningDepartmentId: record.owningDepartmentId,
    handlingDepartmentId: record.handlingDepartmentId,
    handlerStaffId: record.handlerStaffId,
    validity: record.validity,
    responsibility: record.responsibility,
    severity: record.severity,
    receivedAt: record.receivedAt,
    forwardedAt: record.forwardedAt,
    assignedAt: record.assignedAt,
    firstReplyAt: record.firstReplyAt,
    firstResolvedAt: record.firstResolvedAt,
    resolvedAt: record.resolvedAt,
    resolutionCount: record.resolutionCount,
    reopenCount: record.reopenCount,
    calledBackAt: record.calledBackAt,
    callbackEnd: record.callbackEnd,
    callbackMethod: record.callbackMethod,
    callbackAttempts: record.callbackAttempts,
    satisfaction: record.satisfaction,
    satisfactionComment: record.satisfactionComment,
    closedAt: record.closedAt,
    closedBecause: record.closedBecause,
    escalated: record.escalated,
    overdue: isOverdue(record, asOf),
    status: record.closedAt !== null ? 'closed' : record.resolvedAt !== null ? 'resolved' : 'open',
    minutesToForward: record.kind === 'inquiry' ? null : minutesFrom(record.receivedAt, record.forwardedAt),
    minutesToFirstReply: record.kind === 'inquiry' ? null : minutesFrom(record.receivedAt, record.firstReplyAt),
    minutesToResolve: record.kind === 'inquiry' ? null : minutesFrom(record.receivedAt, record.resolvedAt),
    minutesToCallback: record.resolvedAt === null ? null : minutesFrom(record.resolvedAt, record.calledBackAt),
    missingFields: record.missingFields,
    path: [
      step('received', record.receivedAt, null),
      step('forwarded', record.forwardedAt, record.owningDepartmentId),
      step('assigned', record.assignedAt, record.handlerStaffId),
      step('first-reply', record.firstReplyAt, record.handlerStaffId),
      step('resolved', record.resolvedAt, record.handlingDepartmentId),
      step('called-back', record.calledBackAt, record.owningDepartmentId),
      step('closed', record.closedAt, null),
    ],
  };
};
