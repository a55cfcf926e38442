import 'reflect-metadata'; // before any event class: @Type() of class-transformer needs it
import { CallbackScheduledV1, type CallbackScheduled } from './events/callback-scheduled.event';
import { CallbackAttemptRecordedV1, type CallbackAttemptRecorded } from './events/callback-attempt-recorded.event';
import { CallbackOutcomeRecordedV1, type CallbackOutcomeRecorded } from './events/callback-outcome-recorded.event';
import { CallbackUnreachableV1, type CallbackUnreachable } from './events/callback-unreachable.event';
import { CaseReopenRequestedV1, type CaseReopenRequested } from './events/case-reopen-requested.event';
import { CaseClosedV1, type CaseClosed } from './events/case-closed.event';
import { HqSampleCallbackDrawnV1, type HqSampleCallbackDrawn } from './events/hq-sample-callback-drawn.event';
import { HqSampleCallbackRecordedV1, type HqSampleCallbackRecorded } from './events/hq-sample-callback-recorded.event';
import { CaseResolvedV1, type CaseResolved } from './events/case-resolved.event';
import { CaseRoutedV1, type CaseRouted } from './events/case-routed.event';
import { ComplaintRegisteredV1 } from './events/complaint-registered.event';
import { ComplaintRegisteredV2, upcastComplaintRegisteredV1 } from './events/complaint-registered-v2.event';
import { ComplaintRegisteredV3, upcastComplaintRegisteredV2, type ComplaintRegistered } from './events/complaint-registered-v3.event';
import { InquiryAnsweredV1, type InquiryAnswered } from './events/inquiry-answered.event';
import { RepeatComplaintLinkedV1, type RepeatComplaintLinked } from './events/repeat-complaint-linked.event';
import { CollectiveComplaintRaisedV1, type CollectiveComplaintRaised } from './events/collective-complaint-raised.event';
import { ComplaintJoinedCollectiveV1, type ComplaintJoinedCollective } from './events/complaint-joined-collective.event';
import { PersonalDataErasedV1, type PersonalDataErased } from './events/personal-data-erased.event';
import { SlaClockMetV1, type SlaClockMet } from './events/sla-clock-met.event';
import { SlaClockStartedV1 } from './events/sla-clock-started.event';
import { SlaClockStartedV2, upcastSlaClockStartedV1, type SlaClockStarted } from './events/sla-clock-started-v2.event';
import { SlaClockWarnedV1, type SlaClockWarned } from './events/sla-clock-warned.event';
import { SlaClockBreachedV1, type SlaClockBreached } from './events/sla-clock-breached.event';
import { SlaEscalatedV1 } from './events/sla-escalated.event';
import { SlaEscalatedV2, upcastSlaEscalatedV1, type SlaEscalated } from './events/sla-escalated-v2.event';
import { SlaClockPausedV1, type SlaClockPaused } from './events/sla-clock-paused.event';
import { SlaClockResumedV1, type SlaClockResumed } from './events/sla-clock-resumed.event';
import { SlaClockRecomputedV1, type SlaClockRecomputed } from './events/sla-clock-recomputed.event';
import { CaseUpgradeDueV1, type CaseUpgradeDue } from './events/case-upgrade-due.event';
import { CaseOpenedV1, type CaseOpened } from './events/case-opened.event';
import { CaseAssignedV1, type CaseAssigned } from './events/case-assigned.event';
import { CaseSeveritySetBySystemV1 } from './events/case-severity-set-by-system.event';
import { CaseSeveritySetBySystemV2, upcastCaseSeveritySetBySystemV1, type CaseSeveritySetBySystem } from './events/case-severity-set-by-system-v2.event';
import { CaseAcceptedV1, type CaseAccepted } from './events/case-accepted.event';
import { CaseVerifiedV1, type CaseVerified } from './events/case-verified.event';
import { CaseClassifiedV1, type CaseClassified } from './events/case-classified.event';
import { CaseProgressNotedV1, type CaseProgressNoted } from './events/case-progress-noted.event';
import { AssistanceRequestedV1, type AssistanceRequested } from './events/assistance-requested.event';
import { CaseTransferredV1, type CaseTransferred } from './events/case-transferred.event';
import { OutsidePartyRecordedV1, type OutsidePartyRecorded } from './events/outside-party-recorded.event';
import { MediaRiskMarkedV1, type MediaRiskMarked } from './events/media-risk-marked.event';
import { IncidentReportFiledV1, type IncidentReportFiled } from './events/incident-report-filed.event';
import { ResolutionProposedV1, type ResolutionProposed } from './events/resolution-proposed.event';
import { WrittenReplyApprovedV1, type WrittenReplyApproved } from './events/written-reply-approved.event';
import { CaseReopenedV1, type CaseReopened } from './events/case-reopened.event';
import { GroupPolicyChangedV1, type GroupPolicyChanged } from './events/group-policy-changed.event';
import { MonthlyAnalysisPackProducedV1, type MonthlyAnalysisPackProduced } from './events/monthly-analysis-pack-produced.event';
import { CaseMarkedAsExampleV1, type CaseMarkedAsExample } from './events/case-marked-as-example.event';
import type { ProducingService } from './services';

/**
 * The event catalogue: every event type, its current schema version, the one service allowed to
 * write it, and its payload schema. A published version is never edited; a new shape gets a new
 * version here and an upcaster for the old one.
 */
export const EVENT_CATALOGUE = {
  ComplaintRegistered: {
    schemaVersion: 3,
    producer: 'intake',
    schema: ComplaintRegisteredV3,
    summary:
      'A front desk registered a complaint, inquiry, request or suggestion (v2: subject id, written, matter key, channel details, policy version; v3: businessAffected as the desk stated it).',
    upcasters: {
      1: { schema: ComplaintRegisteredV1, upcast: (data: object) => upcastComplaintRegisteredV1(data as ComplaintRegisteredV1) },
      2: { schema: ComplaintRegisteredV2, upcast: (data: object) => upcastComplaintRegisteredV2(data as ComplaintRegisteredV2) },
    },
  },
  InquiryAnswered: {
    schemaVersion: 1,
    producer: 'intake',
    schema: InquiryAnsweredV1,
    summary: 'An inquiry was answered at the desk and closed with its registration; it is counted, never routed.',
  },
  RepeatComplaintLinked: {
    schemaVersion: 1,
    producer: 'intake',
    schema: RepeatComplaintLinkedV1,
    summary: 'The same complainant raised an open matter again: counted on the open case, no new case.',
  },
  CollectiveComplaintRaised: {
    schemaVersion: 1,
    producer: 'intake',
    schema: CollectiveComplaintRaisedV1,
    summary: 'A new collective case: enough distinct tenants on one matter within the window, or a declared group of consumers.',
  },
  ComplaintJoinedCollective: {
    schemaVersion: 1,
    producer: 'intake',
    schema: ComplaintJoinedCollectiveV1,
    summary: 'A registration became a member of a collective case.',
  },
  PersonalDataErased: {
    schemaVersion: 1,
    producer: 'intake',
    schema: PersonalDataErasedV1,
    summary: "A person's data key and blind index were destroyed on request; the case and its timeline stay intact.",
  },
  CaseRouted: {
    schemaVersion: 1,
    producer: 'routing',
    schema: CaseRoutedV1,
    summary: 'Owning and handling departments were decided by the mall routing policy.',
  },
  CaseResolved: {
    schemaVersion: 1,
    producer: 'routing',
    schema: CaseResolvedV1,
    summary: 'The handling department resolved the case and said what the customer was told.',
  },
  SlaClockStarted: {
    schemaVersion: 2,
    producer: 'sla-monitor',
    schema: SlaClockStartedV2,
    summary: 'A time limit started running, with its due time and the policy version that set it (v2: calendar coverage, warning points, customer deadline).',
    upcasters: { 1: { schema: SlaClockStartedV1, upcast: (data: object) => upcastSlaClockStartedV1(data as SlaClockStartedV1) } },
  },
  SlaClockWarned: {
    schemaVersion: 1,
    producer: 'sla-monitor',
    schema: SlaClockWarnedV1,
    summary: 'A clock nears its target: the holder was warned.',
  },
  SlaClockBreached: {
    schemaVersion: 1,
    producer: 'sla-monitor',
    schema: SlaClockBreachedV1,
    summary: 'A clock passed its target unmet.',
  },
  SlaEscalated: {
    schemaVersion: 2,
    producer: 'sla-monitor',
    schema: SlaEscalatedV2,
    summary:
      'People up the ladder were told of a breach, a continuing breach or a major/collective/media-risk case: who, when, why (v2: always someone; the ladder rung named, the rung told and the vacant rungs passed over, with why).',
    upcasters: { 1: { schema: SlaEscalatedV1, upcast: (data: object) => upcastSlaEscalatedV1(data as SlaEscalatedV1) } },
  },
  SlaClockPaused: {
    schemaVersion: 1,
    producer: 'sla-monitor',
    schema: SlaClockPausedV1,
    summary: 'A clock stopped for a stated reason (waiting for the customer or an outside party).',
  },
  SlaClockResumed: {
    schemaVersion: 1,
    producer: 'sla-monitor',
    schema: SlaClockResumedV1,
    summary: 'A paused clock runs again; its deadline moved by the paused time.',
  },
  SlaClockRecomputed: {
    schemaVersion: 1,
    producer: 'sla-monitor',
    schema: SlaClockRecomputedV1,
    summary: 'A policy change took effect for an open clock: its new deadline and the policy version that set it.',
  },
  CaseUpgradeDue: {
    schemaVersion: 1,
    producer: 'sla-monitor',
    schema: CaseUpgradeDueV1,
    summary: 'A responsible case open for the policy period (one month) is due an automatic upgrade to major; routing applies it.',
  },
  SlaClockMet: {
    schemaVersion: 1,
    producer: 'sla-monitor',
    schema: SlaClockMetV1,
    summary: 'What a clock waited for happened, on time or late.',
  },
  CallbackScheduled: {
    schemaVersion: 1,
    producer: 'callback',
    schema: CallbackScheduledV1,
    summary: 'A resolved case is due a callback by its owning department.',
  },
  CallbackAttemptRecorded: {
    schemaVersion: 1,
    producer: 'callback',
    schema: CallbackAttemptRecordedV1,
    summary: 'An attempt to reach the customer for the callback (phone, visit, letter, WeChat), reached or not, with notes.',
  },
  CallbackOutcomeRecorded: {
    schemaVersion: 1,
    producer: 'callback',
    schema: CallbackOutcomeRecordedV1,
    summary: 'The callback reached the customer: five-point satisfaction, really solved, tenant confirmation, comment.',
  },
  CallbackUnreachable: {
    schemaVersion: 1,
    producer: 'callback',
    schema: CallbackUnreachableV1,
    summary: "The policy's number of failed attempts was reached: called back-attempted, not satisfied.",
  },
  CaseReopenRequested: {
    schemaVersion: 1,
    producer: 'callback',
    schema: CaseReopenRequestedV1,
    summary: 'Not satisfied or not solved at callback: routing reopens the case with its handling department.',
  },
  CaseClosed: {
    schemaVersion: 1,
    producer: 'callback',
    schema: CaseClosedV1,
    summary: 'The case closed on its callback outcome (satisfied, or unreachable after the attempts policy allows).',
  },
  HqSampleCallbackDrawn: {
    schemaVersion: 1,
    producer: 'callback',
    schema: HqSampleCallbackDrawnV1,
    summary: "HQ operations drew a mall's major or critical case into a sample for an independent callback.",
  },
  HqSampleCallbackRecorded: {
    schemaVersion: 1,
    producer: 'callback',
    schema: HqSampleCallbackRecordedV1,
    summary: "HQ's independent callback of a sampled case; kept apart from the mall's own callback.",
  },
  CaseOpened: {
    schemaVersion: 1,
    producer: 'routing',
    schema: CaseOpenedV1,
    summary: 'A case was opened for a registered (or collective) complaint, with the facts its handling rules need.',
  },
  CaseAssigned: {
    schemaVersion: 1,
    producer: 'routing',
    schema: CaseAssignedV1,
    summary: 'A responsible person of the handling department holds the case (duty roster, else manager).',
  },
  CaseSeveritySetBySystem: {
    schemaVersion: 2,
    producer: 'routing',
    schema: CaseSeveritySetBySystemV2,
    summary: 'A severity rule the system can check (collective, repeat count, government or media channel; v2: open a month while responsible) raised the severity.',
    upcasters: { 1: { schema: CaseSeveritySetBySystemV1, upcast: (data: object) => upcastCaseSeveritySetBySystemV1(data as CaseSeveritySetBySystemV1) } },
  },
  CaseAccepted: {
    schemaVersion: 1,
    producer: 'routing',
    schema: CaseAcceptedV1,
    summary: 'The handling department took the case on.',
  },
  CaseVerified: {
    schemaVersion: 1,
    producer: 'routing',
    schema: CaseVerifiedV1,
    summary: 'The facts were checked: valid or invalid, with the reason.',
  },
  CaseClassified: {
    schemaVersion: 1,
    producer: 'routing',
    schema: CaseClassifiedV1,
    summary: 'A person recorded responsibility and severity with the criteria that applied.',
  },
  CaseProgressNoted: {
    schemaVersion: 1,
    producer: 'routing',
    schema: CaseProgressNotedV1,
    summary: 'A handling or assisting department noted progress.',
  },
  AssistanceRequested: {
    schemaVersion: 1,
    producer: 'routing',
    schema: AssistanceRequestedV1,
    summary: 'The handling department asked another department of the mall to help.',
  },
  CaseTransferred: {
    schemaVersion: 1,
    producer: 'routing',
    schema: CaseTransferredV1,
    summary: 'A wrongly routed case moved to another handling department.',
  },
  OutsidePartyRecorded: {
    schemaVersion: 1,
    producer: 'routing',
    schema: OutsidePartyRecordedV1,
    summary: 'For an assist case, the outside party the mall passed it to.',
  },
  MediaRiskMarked: {
    schemaVersion: 1,
    producer: 'routing',
    schema: MediaRiskMarkedV1,
    summary: 'The case may reach the media: GM and marketing to be told for crisis PR.',
  },
  IncidentReportFiled: {
    schemaVersion: 1,
    producer: 'routing',
    schema: IncidentReportFiledV1,
    summary: 'The incident report a major or critical case needs before it is resolved.',
  },
  ResolutionProposed: {
    schemaVersion: 1,
    producer: 'routing',
    schema: ResolutionProposedV1,
    summary: 'The handling department proposed how to settle the case.',
  },
  WrittenReplyApproved: {
    schemaVersion: 1,
    producer: 'routing',
    schema: WrittenReplyApprovedV1,
    summary: 'A leader approved the written reply of a written complaint.',
  },
  CaseReopened: {
    schemaVersion: 1,
    producer: 'routing',
    schema: CaseReopenedV1,
    summary: 'A resolved case was opened again, with the reason.',
  },
  GroupPolicyChanged: {
    schemaVersion: 1,
    producer: 'routing',
    schema: GroupPolicyChangedV1,
    summary: 'The organisation or its rules changed (routing, departments, rosters, staff, settings): the new policy version, from when, what and by whom.',
  },
  MonthlyAnalysisPackProduced: {
    schemaVersion: 1,
    producer: 'analytics',
    schema: MonthlyAnalysisPackProducedV1,
    summary: "A file of a month's pack (a mall's workbook or analysis PDF, HQ's roll-up) was produced and stored, with its hash.",
  },
  CaseMarkedAsExample: {
    schemaVersion: 1,
    producer: 'analytics',
    schema: CaseMarkedAsExampleV1,
    summary: 'A resolved or closed case was marked as a training example for the case library (案例库), with why.',
  },
} as const satisfies Record<string, CatalogueEntry>;

export interface CatalogueEntry {
  schemaVersion: number;
  producer: ProducingService;
  schema: new () => object;
  summary: string;
  /** Older versions still readable: each one's schema and how its data becomes the next version's. */
  upcasters?: Readonly<Record<number, EventUpcaster>>;
}

export interface EventUpcaster {
  schema: new () => object;
  upcast: (data: object) => object;
}

export type ComplaintEvent =
  | MonthlyAnalysisPackProduced
  | CaseMarkedAsExample
  | GroupPolicyChanged
  | ComplaintRegistered
  | InquiryAnswered
  | RepeatComplaintLinked
  | CollectiveComplaintRaised
  | ComplaintJoinedCollective
  | PersonalDataErased
  | CaseRouted
  | CaseResolved
  | SlaClockStarted
  | SlaClockMet
  | SlaClockWarned
  | SlaClockBreached
  | SlaEscalated
  | SlaClockPaused
  | SlaClockResumed
  | SlaClockRecomputed
  | CaseUpgradeDue
  | CallbackScheduled
  | CallbackAttemptRecorded
  | CallbackOutcomeRecorded
  | CallbackUnreachable
  | CaseReopenRequested
  | CaseClosed
  | HqSampleCallbackDrawn
  | HqSampleCallbackRecorded
  | CaseOpened
  | CaseAssigned
  | CaseSeveritySetBySystem
  | CaseAccepted
  | CaseVerified
  | CaseClassified
  | CaseProgressNoted
  | AssistanceRequested
  | CaseTransferred
  | OutsidePartyRecorded
  | MediaRiskMarked
  | IncidentReportFiled
  | ResolutionProposed
  | WrittenReplyApproved
  | CaseReopened;

export type ComplaintEventType = ComplaintEvent['type'];
export type EventOfType<T extends ComplaintEventType> = Extract<ComplaintEvent, { type: T }>;
export type EventData<T extends ComplaintEventType> = EventOfType<T>['data'];

export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as ComplaintEventType[];

export const isKnownEventType = (type: string): type is ComplaintEventType =>
  Object.prototype.hasOwnProperty.call(EVENT_CATALOGUE, type);

export const eventTypesProducedBy = (service: ProducingService): ComplaintEventType[] =>
  EVENT_TYPES.filter((type) => EVENT_CATALOGUE[type].producer === service);
