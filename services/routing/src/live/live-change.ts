import { isKnownEventType, type ComplaintEventType } from '@mallcare/contracts';

export const LIVE_KINDS = ['complaint', 'case', 'clock', 'callback', 'notification'] as const;
export type LiveKind = (typeof LIVE_KINDS)[number];

/** What a console hears of one event: enough to know which rows to reload, nothing personal. */
export interface LiveChange {
  kind: LiveKind;
  type: ComplaintEventType;
  complaintId: string;
  mallId: string;
  departmentId: string | null;
  occurredAt: string;
}

/**
 * Which consoles' lists each event touches; null: none (organisation changes, analytics' own records).
 * A Record over every event type, so a new event does not compile until it is placed here.
 */
const KIND_OF: Record<ComplaintEventType, LiveKind | null> = {
  ComplaintRegistered: 'complaint',
  InquiryAnswered: 'complaint',
  RepeatComplaintLinked: 'complaint',
  CollectiveComplaintRaised: 'complaint',
  ComplaintJoinedCollective: 'complaint',
  PersonalDataErased: 'complaint',
  CaseOpened: 'case',
  CaseRouted: 'case',
  CaseAssigned: 'case',
  CaseSeveritySetBySystem: 'case',
  CaseAccepted: 'case',
  CaseVerified: 'case',
  CaseClassified: 'case',
  CaseProgressNoted: 'case',
  AssistanceRequested: 'case',
  CaseTransferred: 'case',
  OutsidePartyRecorded: 'case',
  MediaRiskMarked: 'case',
  IncidentReportFiled: 'case',
  ResolutionProposed: 'case',
  WrittenReplyApproved: 'case',
  CaseResolved: 'case',
  CaseReopened: 'case',
  CaseClosed: 'case',
  GroupPolicyChanged: null,
  SlaClockStarted: 'clock',
  SlaClockWarned: 'clock',
  SlaClockBreached: 'clock',
  SlaClockPaused: 'clock',
  SlaClockResumed: 'clock',
  SlaClockRecomputed: 'clock',
  SlaClockMet: 'clock',
  CaseUpgradeDue: 'clock',
  SlaEscalated: 'notification',
  CallbackScheduled: 'callback',
  CallbackAttemptRecorded: 'callback',
  CallbackOutcomeRecorded: 'callback',
  CallbackUnreachable: 'callback',
  CaseReopenRequested: 'callback',
  HqSampleCallbackDrawn: 'callback',
  HqSampleCallbackRecorded: 'callback',
  MonthlyAnalysisPackProduced: null,
  CaseMarkedAsExample: null,
};

/** A transported event as the live view reads it (its payload, `data`, is never looked at), before its department is known. */
export type LiveEventHeader = Omit<LiveChange, 'departmentId'> & { eventId: string };

/** Kind, type and metadata of a transported event; null for what no console hears of, or can't be read. */
export const liveHeaderOf = (payload: string): LiveEventHeader | null => {
  let parsed: { type?: unknown; metadata?: { eventId?: unknown; complaintId?: unknown; mallId?: unknown; occurredAt?: unknown } };
  try {
    parsed = JSON.parse(payload) as typeof parsed;
  } catch {
    return null;
  }
  const { type, metadata } = parsed;
  if (typeof type !== 'string' || !isKnownEventType(type)) return null;
  const kind = KIND_OF[type];
  if (kind === null) return null;
  const { eventId, complaintId, mallId, occurredAt } = metadata ?? {};
  if (typeof eventId !== 'string' || typeof complaintId !== 'string' || typeof mallId !== 'string' || typeof occurredAt !== 'string') return null;
  return { eventId, kind, type, complaintId, mallId, occurredAt };
};

export const liveChangeOf = ({ kind, type, complaintId, mallId, occurredAt }: LiveEventHeader, departmentId: string | null): LiveChange => ({
  kind,
  type,
  complaintId,
  mallId,
  departmentId,
  occurredAt,
});
