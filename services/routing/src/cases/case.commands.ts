import type { CaseReopenedV1, ClassificationCriterion, IncidentReportFiledV1, MediaRiskMarkedV1, OutsidePartyRecordedV1, ResolutionProposedV1, Responsibility, Severity, Validity, WrittenReplyApprovedV1 } from '@mallcare/contracts';
import type { GroupPolicy } from '@mallcare/policy';
import type { CaseFacts } from './case-policy';

// ---------------------------------------------------------------------------------------------
// Commands. RouteCase and RaiseSeverityBySystem come from other services' events; the rest are
// people's handling commands (DOMAIN §4, §5). The clock (`at`) and the policy are passed in.
// ---------------------------------------------------------------------------------------------

export interface RouteCase {
  type: 'RouteCase';
  data: { mallId: string; facts: CaseFacts; policy: GroupPolicy; at: string };
}
/** The same complainant raised the matter again (intake linked it): `repeatCount` counts every time, the first included. */
export interface RecordRepeat {
  type: 'RecordRepeat';
  data: { repeatCount: number; mallId: string; policy: GroupPolicy };
}
/**
 * sla-monitor found the case open a month while responsible (CaseUpgradeDue, DOMAIN §4): raise it to
 * `toSeverity` if it still qualifies. `policyVersion` is the version that decided it was due.
 */
export interface UpgradeUnresolvedCase {
  type: 'UpgradeUnresolvedCase';
  data: { toSeverity: Severity; reason: string; policyVersion: string };
}
export interface AcceptCase {
  type: 'AcceptCase';
  data: Record<string, never>;
}
export interface VerifyCase {
  type: 'VerifyCase';
  data: { validity: Validity; reason: string };
}
export interface ClassifyCase {
  type: 'ClassifyCase';
  data: { responsibility: Responsibility; severity?: Severity; criteria: ClassificationCriterion[]; note?: string; overrideReason?: string };
}
export interface AddProgressNote {
  type: 'AddProgressNote';
  data: { note: string; departmentId?: string };
}
export interface RequestAssistance {
  type: 'RequestAssistance';
  data: { departmentId: string; reason: string; mallId: string; policy: GroupPolicy };
}
export interface TransferCase {
  type: 'TransferCase';
  data: { toDepartmentId: string; reason: string; mallId: string; policy: GroupPolicy; at: string };
}
export interface RecordOutsideParty {
  type: 'RecordOutsideParty';
  data: OutsidePartyRecordedV1;
}
export interface MarkMediaRisk {
  type: 'MarkMediaRisk';
  data: MediaRiskMarkedV1;
}
export interface FileIncidentReport {
  type: 'FileIncidentReport';
  data: Omit<IncidentReportFiledV1, 'severity'>;
}
export interface ProposeResolution {
  type: 'ProposeResolution';
  data: ResolutionProposedV1;
}
export interface ApproveWrittenReply {
  type: 'ApproveWrittenReply';
  data: WrittenReplyApprovedV1;
}
export interface ResolveCase {
  type: 'ResolveCase';
  data: { actionTaken: string; customerToldWhat: string };
}
export interface ReopenCase {
  type: 'ReopenCase';
  data: CaseReopenedV1;
}

export type HandlingCommand =
  | AcceptCase
  | VerifyCase
  | ClassifyCase
  | AddProgressNote
  | RequestAssistance
  | TransferCase
  | RecordOutsideParty
  | MarkMediaRisk
  | FileIncidentReport
  | ProposeResolution
  | ApproveWrittenReply
  | ResolveCase
  | ReopenCase;
export type CaseCommand = RouteCase | RecordRepeat | UpgradeUnresolvedCase | HandlingCommand;
export type HandlingCommandType = HandlingCommand['type'];

/** Every command people can give, in the order a case usually meets them. */
export const HANDLING_COMMANDS: readonly HandlingCommandType[] = [
  'AcceptCase',
  'VerifyCase',
  'ClassifyCase',
  'AddProgressNote',
  'RequestAssistance',
  'TransferCase',
  'RecordOutsideParty',
  'MarkMediaRisk',
  'FileIncidentReport',
  'ProposeResolution',
  'ApproveWrittenReply',
  'ResolveCase',
  'ReopenCase',
];
