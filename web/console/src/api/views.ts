/**
 * What the services answer (their controllers return interfaces that OpenAPI does not describe):
 * mirrored here from routing's CaseView/QueueItem, sla-monitor's ClockView, callback's DueCallback and
 * intake's complaint, timeline and customer status.
 */
export type Role =
  | 'front-desk-agent'
  | 'department-handler'
  | 'department-manager'
  | 'director'
  | 'mall-gm'
  | 'hq-operations'
  | 'group-admin'
  | 'sre';

export interface Identity {
  staffId: string;
  name: string;
  roles: Role[];
  mallId: string | null;
  departmentId: string | null;
}

export interface TokenAnswer {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  identity: Identity;
}

export interface Registered {
  id: string;
  caseNumber: string;
  kind: string;
  status: 'open' | 'closed';
  outcome: 'registered' | 'answered-and-closed' | 'linked-to-open-case';
  registrationId: string;
  repeatCount?: number;
  collective?: { id: string; caseNumber: string; distinctTenants: number; raised: boolean };
  lookupCode?: string;
}

export interface ComplaintSummary {
  id: string;
  mallId: string;
  caseNumber: string;
  kind: string;
  channel: string | null;
  category: string;
  complainantType: string;
  receivedAt: string;
  status: string;
  written: boolean;
  collective: boolean;
  owningDepartmentId: string | null;
  handlingDepartmentId: string | null;
}

export interface ContactView {
  subjectId: string;
  visibility: 'full' | 'masked' | 'erased';
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
  account?: string;
  peopleInvolved?: string;
}

export interface Complaint extends ComplaintSummary {
  details: Record<string, unknown> | null;
  answer: { answer?: string } | null;
  complainant: ContactView | null;
  contactVisibility: 'full' | 'masked';
  collectiveCase: { id: string; caseNumber: string | null } | null;
}

export interface Actor {
  type: 'staff' | 'system' | 'customer';
  id: string;
}

export interface TimelineEntry {
  eventId: string;
  type: string;
  service: string;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  data: Record<string, unknown>;
}

export type HandlingCommand =
  | 'AcceptCase'
  | 'VerifyCase'
  | 'ClassifyCase'
  | 'AddProgressNote'
  | 'RequestAssistance'
  | 'TransferCase'
  | 'RecordOutsideParty'
  | 'MarkMediaRisk'
  | 'FileIncidentReport'
  | 'ProposeResolution'
  | 'ApproveWrittenReply'
  | 'ResolveCase'
  | 'ReopenCase';

export interface CaseView {
  complaintId: string;
  mallId: string;
  version: number;
  status: string;
  severity: string | null;
  validity: string | null;
  responsibility: string | null;
  owningDepartmentId: string | null;
  handlingDepartmentId: string | null;
  assigneeStaffId: string | null;
  assistingDepartmentIds: string[];
  allowedCommands: HandlingCommand[];
}

export interface Page<T> {
  items: T[];
  total: number;
  nextOffset: number | null;
}

export type ClockState = 'running' | 'warned' | 'breached' | 'paused' | 'met' | 'upgrade-due';

/** One clock as the console grades it: from the clock list (no warn points) or a case's clocks. */
export interface Clock {
  clockId: string;
  kind: string;
  state: ClockState;
  dueAt: string;
  warnAt?: string[];
  pauseReason?: string | null;
}

export interface CaseClocks {
  complaintId: string;
  clocks: { clockId: string; kind: string; status: ClockState; dueAt: string; warnAt: string[]; pauseReason: string | null; breachedAt: string | null; metAt: string | null }[];
}

export interface DueCallback {
  complaintId: string;
  mallId: string;
  caseNumber: string | null;
  owningDepartmentId: string;
  dueAt: string;
  overdue: boolean;
  status: string;
  round: number;
  attempts: number;
  failedAttempts: number;
  lastAttemptAt: string | null;
}

export interface CustomerCaseStatus {
  caseNumber: string;
  kind: string;
  category: string;
  receivedAt: string;
  stage: 'registered' | 'answered' | 'in-handling' | 'resolved' | 'reopened' | 'closed';
  stages: { stage: CustomerCaseStatus['stage']; at: string }[];
  result: { toldCustomer: string | null; resolvedAt: string | null; closedAt: string | null; closedBecause: string | null };
}
