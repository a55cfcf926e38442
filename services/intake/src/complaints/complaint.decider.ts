import {
  CommandRefused,
  type RefusalKind,
  type AttachmentReferenceV1,
  type Category,
  type Channel,
  type ChannelDetailsV1,
  type ComplainantType,
  type ComplaintKind,
  type ComplaintRegisteredV3,
  type InquiryAnsweredV1,
  type PersonalDataErasedV1,
  type EventOfType,
} from '@mallcare/contracts';
import { notInStream } from '@mallcare/event-store';
import { matterKeyOf } from '../matters/matter-keys';
import { CHANNEL_DETAILS_KEPT, CHANNEL_RULES, type ContactKind } from './channel-rules';

/** Complainants with a business in the mall that a complaint may affect (DOMAIN §6, 000 §4.6.1). */
const BUSINESS_COMPLAINANTS: readonly ComplainantType[] = ['street-shop-tenant', 'anchor-store'];

/** How far ahead of the server clock a receivedAt may be (a desk PC's clock running fast). */
export const RECEIVED_AT_SKEW_MS = 60_000;

export interface RegisterComplaint {
  type: 'RegisterComplaint';
  data: {
    caseNumber: string;
    channel: Channel;
    kind: ComplaintKind;
    category: Category;
    complainantType: ComplainantType;
    description: string;
    receivedAt: Date;
    /** Entry time: `receivedAt` may be earlier (a letter logged next morning), never later. */
    now: Date;
    complainantSubjectId: string | null;
    /** Which contacts were given (their values never reach the decider or the event). */
    contactsGiven: ContactKind[];
    channelDetails: ChannelDetailsV1;
    /** Marked written by the agent (a letter or the GM mailbox always is). */
    written?: boolean;
    location?: string;
    subjectKey?: string;
    tenantUnit?: string;
    happenedAt?: Date;
    requestedDeadline?: Date;
    groupSize?: number;
    /** The desk states that the tenant's business is affected (DOMAIN §6: the 1-hour clock). */
    businessAffected?: boolean;
    attachments: AttachmentReferenceV1[];
    /** An inquiry's answer, given at the desk. */
    answer?: string;
    /** Staff id of the agent registering it. */
    registeredBy: string;
    policyVersion: string;
  };
}

export interface ErasePersonalData {
  type: 'ErasePersonalData';
  data: PersonalDataErasedV1;
}

export type ComplaintCommand = RegisterComplaint | ErasePersonalData;

export interface ComplaintState {
  registered: boolean;
  kind: ComplaintKind | null;
  complainantSubjectId: string | null;
  erased: boolean;
}

export type ComplaintDecision =
  | { type: 'ComplaintRegistered'; data: ComplaintRegisteredV3; occurredAt: string }
  | { type: 'InquiryAnswered'; data: InquiryAnsweredV1; occurredAt: string }
  | { type: 'PersonalDataErased'; data: PersonalDataErasedV1 };

export type IntakeRule =
  | 'already-registered'
  | 'not-registered'
  | 'received-in-future'
  | 'happened-after-received'
  | 'deadline-before-received'
  | 'business-affected-only-for-tenants'
  | 'inquiry-needs-answer'
  | 'answer-only-for-inquiry'
  | 'channel-detail-missing'
  | 'contact-missing'
  | 'location-missing'
  | 'not-the-complainant';

/** How the API answers a broken registration rule: a future receipt is bad input, a second registration a conflict. */
const REFUSAL_OF: Partial<Record<IntakeRule, { code: string; kind: RefusalKind }>> = {
  'received-in-future': { code: 'INTAKE_RECEIVED_IN_FUTURE', kind: 'invalid' },
  'already-registered': { code: 'INTAKE_ALREADY_REGISTERED', kind: 'conflict' },
};

/** A registration rule of DOMAIN §3 refuses the command; `field` names the input at fault. */
export const intakeRuleViolation = (rule: IntakeRule, message: string, field?: string): CommandRefused<IntakeRule> => {
  const { code, kind } = REFUSAL_OF[rule] ?? { code: 'INTAKE_REGISTRATION_RULE_BROKEN', kind: 'wrong-state' };
  return new CommandRefused(code, kind, rule, message, field ? { rule, field } : { rule });
};

export const initialState = (): ComplaintState => ({ registered: false, kind: null, complainantSubjectId: null, erased: false });

/** A case's stream at intake holds intake's own events; everything else about the case is routing's. */
export const COMPLAINT_STREAM_EVENTS = ['ComplaintRegistered', 'InquiryAnswered', 'RepeatComplaintLinked', 'CollectiveComplaintRaised', 'ComplaintJoinedCollective', 'PersonalDataErased'] as const;
export type ComplaintStreamEvent = EventOfType<(typeof COMPLAINT_STREAM_EVENTS)[number]>;

export const evolve = (state: ComplaintState, event: ComplaintStreamEvent): ComplaintState => {
  switch (event.type) {
    case 'ComplaintRegistered':
      return { ...state, registered: true, kind: event.data.kind, complainantSubjectId: event.data.complainantSubjectId };
    case 'CollectiveComplaintRaised':
      return { ...state, registered: true, kind: 'complaint' };
    case 'PersonalDataErased':
      return { ...state, erased: true };
    case 'InquiryAnswered':
    case 'RepeatComplaintLinked':
    case 'ComplaintJoinedCollective':
      return state;
    default:
      return notInStream(event, state);
  }
};

const checkChannel = (data: Omit<RegisterComplaint['data'], 'caseNumber'>): void => {
  const rule = CHANNEL_RULES[data.channel];
  for (const detail of rule.details) {
    if (!data.channelDetails[detail]) {
      throw intakeRuleViolation('channel-detail-missing', `a ${data.channel} registration needs ${detail}`, detail);
    }
  }
  for (const contact of rule.contacts) {
    if (!data.contactsGiven.includes(contact)) {
      throw intakeRuleViolation('contact-missing', `a ${data.channel} registration needs the complainant's ${contact}`, contact);
    }
  }
  if (rule.location && !data.location) throw intakeRuleViolation('location-missing', `a ${data.channel} registration needs where it happened`, 'location');
};

/**
 * The rules a registration must meet whatever becomes of it (a new case, an answered inquiry, or a
 * repeat linked to an open case), checked before anything is written.
 */
export const checkRegistration = (data: Omit<RegisterComplaint['data'], 'caseNumber'>): void => {
  const { receivedAt, now } = data;
  if (receivedAt.getTime() > now.getTime() + RECEIVED_AT_SKEW_MS) {
    throw intakeRuleViolation('received-in-future', 'receivedAt cannot be later than now', 'receivedAt');
  }
  if (data.happenedAt && data.happenedAt.getTime() > receivedAt.getTime() + RECEIVED_AT_SKEW_MS) {
    throw intakeRuleViolation('happened-after-received', 'it cannot have happened after it was received', 'happenedAt');
  }
  if (data.requestedDeadline && data.requestedDeadline.getTime() < receivedAt.getTime()) {
    throw intakeRuleViolation('deadline-before-received', 'the requested deadline is before the complaint was received', 'requestedDeadline');
  }
  const inquiry = data.kind === 'inquiry';
  if (data.businessAffected === true && !BUSINESS_COMPLAINANTS.includes(data.complainantType)) {
    throw intakeRuleViolation('business-affected-only-for-tenants', 'only a tenant (street shop or anchor store) has a business to be affected', 'businessAffected');
  }
  if (inquiry && !data.answer) throw intakeRuleViolation('inquiry-needs-answer', 'an inquiry is answered at the desk: give the answer', 'answer');
  if (!inquiry && data.answer) throw intakeRuleViolation('answer-only-for-inquiry', 'only an inquiry is answered at registration', 'answer');
  checkChannel(data);
};

const register = (data: RegisterComplaint['data']): ComplaintDecision[] => {
  checkRegistration(data);
  const { receivedAt, now } = data;
  const inquiry = data.kind === 'inquiry';
  const kept = CHANNEL_DETAILS_KEPT[data.channel];
  const channelDetails = Object.fromEntries(kept.filter((key) => data.channelDetails[key]).map((key) => [key, data.channelDetails[key]])) as ChannelDetailsV1;
  const at = receivedAt.toISOString();
  const registered: ComplaintRegisteredV3 = {
    caseNumber: data.caseNumber,
    channel: data.channel,
    kind: data.kind,
    category: data.category,
    complainantType: data.complainantType,
    description: data.description,
    receivedAt: at,
    written: CHANNEL_RULES[data.channel].written || data.written === true,
    complainantSubjectId: data.complainantSubjectId,
    matterKey: matterKeyOf(data),
    ...(data.tenantUnit ? { tenantUnit: data.tenantUnit } : {}),
    ...(data.location ? { location: data.location } : {}),
    ...(data.happenedAt ? { happenedAt: data.happenedAt.toISOString() } : {}),
    ...(data.requestedDeadline ? { requestedDeadline: data.requestedDeadline.toISOString() } : {}),
    ...(data.groupSize !== undefined ? { groupSize: data.groupSize } : {}),
    ...(data.businessAffected !== undefined ? { businessAffected: data.businessAffected } : {}),
    channelDetails,
    attachments: data.attachments,
    policyVersion: data.policyVersion,
  };
  const decisions: ComplaintDecision[] = [{ type: 'ComplaintRegistered', data: registered, occurredAt: at }];
  // Answered on the spot and closed: the answer belongs to the same moment as the registration.
  if (inquiry && data.answer) decisions.push({ type: 'InquiryAnswered', data: { answer: data.answer, answeredBy: data.registeredBy }, occurredAt: now.toISOString() });
  return decisions;
};

export const decide = (command: ComplaintCommand, state: ComplaintState): ComplaintDecision[] => {
  switch (command.type) {
    case 'RegisterComplaint':
      if (state.registered) throw intakeRuleViolation('already-registered', 'the complaint is already registered');
      return register(command.data);
    case 'ErasePersonalData': {
      if (!state.registered) throw intakeRuleViolation('not-registered', 'no such complaint');
      if (state.complainantSubjectId !== command.data.subjectId) {
        throw intakeRuleViolation('not-the-complainant', `subject ${command.data.subjectId} is not this complaint's complainant`);
      }
      return state.erased ? [] : [{ type: 'PersonalDataErased', data: { ...command.data } }];
    }
    default: {
      const unknownCommand: never = command;
      throw new Error(`unknown command ${String((unknownCommand as { type: unknown }).type)}`);
    }
  }
};

export const complaintDecider = { initialState, streamEvents: COMPLAINT_STREAM_EVENTS, evolve, decide };
