import type { HandlingCommand } from '../api/views';

export type FieldKind = 'text' | 'textarea' | 'select' | 'multi';

export interface CommandField {
  name: string;
  kind: FieldKind;
  /** Dictionary prefix of the options' labels (`validities`, `departments`, …). */
  options?: { prefix: string; values: readonly string[] };
  required?: boolean;
}

export const DEPARTMENTS = ['operations', 'property', 'engineering', 'marketing', 'security', 'customer-service'] as const;
const CRITERIA = [
  'service-shortfall',
  'promised-service-not-delivered',
  'repeated-without-resolution',
  'unresolved-over-one-month',
  'anchor-store-dispute-unsettled',
  'street-tenant-may-leave',
  'serious-loss-or-injury',
  'government-or-media',
  'collective',
  'facts-untrue',
  'outside-company-duties',
  'building-quality',
  'municipal-facilities',
  'third-party',
] as const;

const reason: CommandField = { name: 'reason', kind: 'textarea', required: true };

/**
 * Each handling command's endpoint under /cases/:id and the fields its DTO takes
 * (services/routing/src/cases/dto). The case's allowedCommands say which may be given now.
 */
export const COMMANDS: Record<HandlingCommand, { path: string; fields: CommandField[] }> = {
  AcceptCase: { path: 'accept', fields: [] },
  VerifyCase: { path: 'verify', fields: [{ name: 'validity', kind: 'select', options: { prefix: 'validities', values: ['valid', 'invalid'] }, required: true }, reason] },
  ClassifyCase: {
    path: 'classify',
    fields: [
      { name: 'responsibility', kind: 'select', options: { prefix: 'responsibilities', values: ['responsible', 'non-responsible', 'assist'] }, required: true },
      { name: 'severity', kind: 'select', options: { prefix: 'severities', values: ['general', 'major', 'critical'] } },
      { name: 'criteria', kind: 'multi', options: { prefix: 'criteria', values: CRITERIA }, required: true },
      { name: 'note', kind: 'textarea' },
      { name: 'overrideReason', kind: 'textarea' },
    ],
  },
  AddProgressNote: { path: 'progress-notes', fields: [{ name: 'note', kind: 'textarea', required: true }] },
  RequestAssistance: { path: 'assistance-requests', fields: [{ name: 'departmentId', kind: 'select', options: { prefix: 'departments', values: DEPARTMENTS }, required: true }, reason] },
  TransferCase: { path: 'transfer', fields: [{ name: 'toDepartmentId', kind: 'select', options: { prefix: 'departments', values: DEPARTMENTS }, required: true }, reason] },
  RecordOutsideParty: {
    path: 'outside-parties',
    fields: [
      { name: 'name', kind: 'text', required: true },
      { name: 'partyKind', kind: 'select', options: { prefix: 'partyKinds', values: ['building-developer', 'municipal', 'utility', 'third-party', 'other'] }, required: true },
      { name: 'askedFor', kind: 'textarea', required: true },
    ],
  },
  MarkMediaRisk: { path: 'media-risk', fields: [reason] },
  FileIncidentReport: {
    path: 'incident-report',
    fields: ['summary', 'cause', 'impact', 'measures'].map((name) => ({ name, kind: 'textarea' as const, required: true })),
  },
  ProposeResolution: { path: 'resolution-proposal', fields: [{ name: 'proposal', kind: 'textarea', required: true }] },
  ApproveWrittenReply: { path: 'written-reply-approval', fields: [{ name: 'reply', kind: 'textarea', required: true }] },
  ResolveCase: {
    path: 'resolve',
    fields: [
      { name: 'actionTaken', kind: 'textarea', required: true },
      { name: 'customerToldWhat', kind: 'textarea', required: true },
    ],
  },
  ReopenCase: { path: 'reopen', fields: [reason] },
};

/** The order the panel offers them in: the usual path first. */
export const COMMAND_ORDER: HandlingCommand[] = [
  'AcceptCase',
  'VerifyCase',
  'ClassifyCase',
  'AddProgressNote',
  'ProposeResolution',
  'ResolveCase',
  'ReopenCase',
  'RequestAssistance',
  'TransferCase',
  'RecordOutsideParty',
  'MarkMediaRisk',
  'FileIncidentReport',
  'ApproveWrittenReply',
];
