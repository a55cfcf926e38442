import type { CaseDetailRow } from '../reports/report.types';
import { labelZh, type ExportNames } from './export-labels';
import { localInstant, type ExportColumn } from './export-table';

/**
 * The columns of 客诉周报明细 / 客诉月报明细 (XLSX sheets and CSV alike): one row per case with its
 * whole path. Times are on the mall's wall clock (`timeZone`), durations in minutes from receipt.
 */
export const caseDetailColumns = (timeZone: string, names: ExportNames): ExportColumn<CaseDetailRow>[] => {
  const at = (pick: (row: CaseDetailRow) => string | null) => (row: CaseDetailRow) => localInstant(pick(row), timeZone);
  return [
    { key: 'caseNumber', headerZh: '案件编号', headerEn: 'Case number', format: 'text', width: 20, value: (row) => row.caseNumber },
    { key: 'week', headerZh: '周次', headerEn: 'Week', format: 'text', width: 10, value: (row) => row.week },
    { key: 'kind', headerZh: '类型', headerEn: 'Kind', format: 'text', width: 8, value: (row) => labelZh(row.kind) },
    { key: 'category', headerZh: '类别', headerEn: 'Category', format: 'text', width: 12, value: (row) => labelZh(row.category) },
    { key: 'channel', headerZh: '渠道', headerEn: 'Channel', format: 'text', width: 10, value: (row) => labelZh(row.channel) },
    { key: 'complainantType', headerZh: '投诉人类型', headerEn: 'Complainant type', format: 'text', width: 12, value: (row) => labelZh(row.complainantType) },
    { key: 'collective', headerZh: '集体投诉', headerEn: 'Collective', format: 'text', width: 9, value: (row) => row.collective },
    { key: 'collectiveCaseNumber', headerZh: '所属集体案件', headerEn: 'Collective case', format: 'text', width: 20, value: (row) => row.collectiveCaseNumber },
    { key: 'repeatCount', headerZh: '提出次数', headerEn: 'Times raised', format: 'integer', width: 9, value: (row) => row.repeatCount },
    { key: 'owningDepartment', headerZh: '责任部门', headerEn: 'Owning department', format: 'text', width: 12, value: (row) => names.department(row.mallId, row.owningDepartmentId) },
    { key: 'handlingDepartment', headerZh: '处理部门', headerEn: 'Handling department', format: 'text', width: 12, value: (row) => names.department(row.mallId, row.handlingDepartmentId) },
    { key: 'handler', headerZh: '处理人', headerEn: 'Handler', format: 'text', width: 12, value: (row) => names.staff(row.handlerStaffId) },
    { key: 'validity', headerZh: '有效性', headerEn: 'Validity', format: 'text', width: 8, value: (row) => labelZh(row.validity) },
    { key: 'responsibility', headerZh: '责任判定', headerEn: 'Responsibility', format: 'text', width: 10, value: (row) => labelZh(row.responsibility) },
    { key: 'severity', headerZh: '严重程度', headerEn: 'Severity', format: 'text', width: 10, value: (row) => labelZh(row.severity) },
    { key: 'receivedAt', headerZh: '受理时间', headerEn: 'Received at', format: 'datetime', value: at((row) => row.receivedAt) },
    { key: 'forwardedAt', headerZh: '转派时间', headerEn: 'Forwarded at', format: 'datetime', value: at((row) => row.forwardedAt) },
    { key: 'assignedAt', headerZh: '分派时间', headerEn: 'Assigned at', format: 'datetime', value: at((row) => row.assignedAt) },
    { key: 'firstReplyAt', headerZh: '首次反馈时间', headerEn: 'First reply at', format: 'datetime', value: at((row) => row.firstReplyAt) },
    { key: 'resolvedAt', headerZh: '处理完成时间', headerEn: 'Resolved at', format: 'datetime', value: at((row) => row.resolvedAt) },
    { key: 'resolutionCount', headerZh: '处理次数', headerEn: 'Resolutions', format: 'integer', width: 9, value: (row) => row.resolutionCount },
    { key: 'reopenCount', headerZh: '重开次数', headerEn: 'Reopens', format: 'integer', width: 9, value: (row) => row.reopenCount },
    { key: 'calledBackAt', headerZh: '回访时间', headerEn: 'Called back at', format: 'datetime', value: at((row) => row.calledBackAt) },
    { key: 'callbackEnd', headerZh: '回访结果', headerEn: 'Callback end', format: 'text', width: 10, value: (row) => labelZh(row.callbackEnd) },
    { key: 'callbackMethod', headerZh: '回访方式', headerEn: 'Callback method', format: 'text', width: 10, value: (row) => labelZh(row.callbackMethod) },
    { key: 'callbackAttempts', headerZh: '回访尝试次数', headerEn: 'Callback attempts', format: 'integer', width: 10, value: (row) => row.callbackAttempts },
    { key: 'satisfaction', headerZh: '满意度', headerEn: 'Satisfaction', format: 'text', width: 10, value: (row) => labelZh(row.satisfaction) },
    { key: 'satisfactionComment', headerZh: '客户意见', headerEn: 'Customer comment', format: 'text', width: 30, value: (row) => row.satisfactionComment },
    { key: 'closedAt', headerZh: '结案时间', headerEn: 'Closed at', format: 'datetime', value: at((row) => row.closedAt) },
    { key: 'closedBecause', headerZh: '结案原因', headerEn: 'Closed because', format: 'text', width: 12, value: (row) => labelZh(row.closedBecause) },
    { key: 'status', headerZh: '状态', headerEn: 'Status', format: 'text', width: 12, value: (row) => labelZh(row.status) },
    { key: 'escalated', headerZh: '已升级', headerEn: 'Escalated', format: 'text', width: 8, value: (row) => row.escalated },
    { key: 'overdue', headerZh: '已超时', headerEn: 'Overdue', format: 'text', width: 8, value: (row) => row.overdue },
    { key: 'minutesToForward', headerZh: '转派时长(分钟)', headerEn: 'Minutes to forward', format: 'minutes', value: (row) => row.minutesToForward },
    { key: 'minutesToFirstReply', headerZh: '首次反馈时长(分钟)', headerEn: 'Minutes to first reply', format: 'minutes', value: (row) => row.minutesToFirstReply },
    { key: 'minutesToResolve', headerZh: '处理时长(分钟)', headerEn: 'Minutes to resolve', format: 'minutes', value: (row) => row.minutesToResolve },
    { key: 'minutesToCallback', headerZh: '回访时长(分钟)', headerEn: 'Minutes to callback', format: 'minutes', value: (row) => row.minutesToCallback },
    { key: 'missingFields', headerZh: '缺失字段', headerEn: 'Missing fields', format: 'text', width: 20, value: (row) => (row.missingFields.length === 0 ? null : row.missingFields.join(', ')) },
  ];
};
