import { CallbackScheduledV1, type CallbackScheduled } from './events/callback-scheduled.event';
import { CaseResolvedV1, type CaseResolved } from './events/case-resolved.event';
import { CaseRoutedV1, type CaseRouted } from './events/case-routed.event';
import { ComplaintRegisteredV1, type ComplaintRegistered } from './events/complaint-registered.event';
import { SlaClockMetV1, type SlaClockMet } from './events/sla-clock-met.event';
import { SlaClockStartedV1, type SlaClockStarted } from './events/sla-clock-started.event';
import type { ProducingService } from './services';

/**
 * The event catalogue: every event type, its current schema version, the one service allowed to
 * write it, and its payload schema. A published version is never edited; a new shape gets a new
 * version here and an upcaster for the old one.
 */
export const EVENT_CATALOGUE = {
  ComplaintRegistered: {
    schemaVersion: 1,
    producer: 'intake',
    schema: ComplaintRegisteredV1,
    summary: 'A front desk registered a complaint, inquiry, request or suggestion.',
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
    schemaVersion: 1,
    producer: 'sla-monitor',
    schema: SlaClockStartedV1,
    summary: 'A time limit started running, with its due time and the policy version that set it.',
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
} as const satisfies Record<string, CatalogueEntry>;

export interface CatalogueEntry {
  schemaVersion: number;
  producer: ProducingService;
  schema: new () => object;
  summary: string;
}

export type ComplaintEvent =
  | ComplaintRegistered
  | CaseRouted
  | CaseResolved
  | SlaClockStarted
  | SlaClockMet
  | CallbackScheduled;

export type ComplaintEventType = ComplaintEvent['type'];
export type EventOfType<T extends ComplaintEventType> = Extract<ComplaintEvent, { type: T }>;
export type EventData<T extends ComplaintEventType> = EventOfType<T>['data'];

export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as ComplaintEventType[];

export const isKnownEventType = (type: string): type is ComplaintEventType =>
  Object.prototype.hasOwnProperty.call(EVENT_CATALOGUE, type);

export const eventTypesProducedBy = (service: ProducingService): ComplaintEventType[] =>
  EVENT_TYPES.filter((type) => EVENT_CATALOGUE[type].producer === service);
