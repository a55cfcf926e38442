import type { Category, Channel, ComplaintKind, EventOfType, RepeatComplaintLinkedV1 } from '@mallcare/contracts';
import { notInStream } from '@mallcare/event-store';

/**
 * The complainant's matters (DOMAIN §3 "repeat complaint"): the cases one person raised, which are
 * open, and how often each was raised. A new registration on an open matter (same mall and category)
 * is not a new case: it is linked to the open one and counted.
 */
export interface ComplainantCase {
  complaintId: string;
  mallId: string;
  category: Category;
  kind: ComplaintKind;
  receivedAt: string;
  open: boolean;
  /** Times the matter was raised, the first registration included. */
  timesRaised: number;
}

export interface ComplainantState {
  cases: Record<string, ComplainantCase>;
}

export interface RegisterForComplainant {
  type: 'RegisterForComplainant';
  data: {
    /** The id this registration gets; a repeat is known by it. */
    registrationId: string;
    subjectId: string;
    mallId: string;
    category: Category;
    kind: ComplaintKind;
    channel: Channel;
    receivedAt: Date;
    description: string;
    /** Open cases older than this are not looked at (policy repeat.lookbackDays). */
    lookbackDays: number;
    policyVersion: string;
  };
}

/** Decisions name the stream they go to: the open case's. */
export type ComplainantDecision = { complaintId: string; type: 'RepeatComplaintLinked'; data: RepeatComplaintLinkedV1; occurredAt: string };

export const initialState = (): ComplainantState => ({ cases: {} });

const update = (state: ComplainantState, complaintId: string, change: Partial<ComplainantCase>): ComplainantState => {
  const current = state.cases[complaintId];
  return current ? { cases: { ...state.cases, [complaintId]: { ...current, ...change } } } : state;
};

/** What a person's cases are made of: their registrations and repeats, and routing's resolutions and reopenings. */
export const COMPLAINANT_EVENTS = ['ComplaintRegistered', 'RepeatComplaintLinked', 'InquiryAnswered', 'CaseResolved', 'CaseReopened'] as const;
export type ComplainantEvent = EventOfType<(typeof COMPLAINANT_EVENTS)[number]>;

export const evolve = (state: ComplainantState, event: ComplainantEvent): ComplainantState => {
  const { complaintId, mallId } = event.metadata;
  switch (event.type) {
    case 'ComplaintRegistered': {
      const { category, kind, receivedAt } = event.data;
      const open = kind !== 'inquiry';
      return { cases: { ...state.cases, [complaintId]: { complaintId, mallId, category, kind, receivedAt, open, timesRaised: 1 } } };
    }
    case 'RepeatComplaintLinked':
      return update(state, complaintId, { timesRaised: event.data.repeatCount });
    case 'InquiryAnswered':
    case 'CaseResolved':
      return update(state, complaintId, { open: false });
    case 'CaseReopened':
      return update(state, complaintId, { open: true });
    default:
      return notInStream(event, state);
  }
};

const DAY_MS = 86_400_000;

export const decide = (command: RegisterForComplainant, state: ComplainantState): ComplainantDecision[] => {
  switch (command.type) {
    case 'RegisterForComplainant': {
      const { data } = command;
      if (data.kind === 'inquiry') return [];
      const since = data.receivedAt.getTime() - data.lookbackDays * DAY_MS;
      const [open] = Object.values(state.cases)
        .filter((c) => c.open && c.kind !== 'inquiry' && c.mallId === data.mallId && c.category === data.category && Date.parse(c.receivedAt) >= since)
        .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
      if (!open) return [];
      const at = data.receivedAt.toISOString();
      return [
        {
          complaintId: open.complaintId,
          type: 'RepeatComplaintLinked',
          data: {
            complaintId: open.complaintId,
            repeatComplaintId: data.registrationId,
            repeatCount: open.timesRaised + 1,
            channel: data.channel,
            receivedAt: at,
            description: data.description,
            complainantSubjectId: data.subjectId,
            policyVersion: data.policyVersion,
          },
          occurredAt: at,
        },
      ];
    }
    default: {
      const unknownCommand: never = command.type;
      throw new Error(`unknown command ${String(unknownCommand)}`);
    }
  }
};

export const complainantDecider = { initialState, streamEvents: COMPLAINANT_EVENTS, evolve, decide };
