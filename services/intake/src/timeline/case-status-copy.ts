/**
 * Intake's copy of a case's status follows its owners, never decides: routing resolves and reopens,
 * callback closes. Folded from their events in the order their stores recorded them, with routing's
 * own rule for a closure (case.decider: CaseClosed closes only a resolved case, so a closure of a
 * resolution already reopened changes nothing) and a reopen opening a closed case as well as a
 * resolved one. Arrival order across the two producers therefore changes nothing.
 */
export type CopiedStatus = 'open' | 'resolved' | 'closed';
export const STATUS_EVENT_TYPES = ['CaseResolved', 'CaseReopened', 'CaseClosed'] as const;
export type StatusEventType = (typeof STATUS_EVENT_TYPES)[number];

export const nextCopiedStatus = (status: CopiedStatus, eventType: StatusEventType): CopiedStatus => {
  switch (eventType) {
    case 'CaseResolved':
      return 'resolved';
    case 'CaseReopened':
      return 'open';
    case 'CaseClosed':
      return status === 'resolved' ? 'closed' : status;
    default: {
      const unhandled: never = eventType;
      return unhandled;
    }
  }
};

/** The status after the owners' status events, given in the order their stores recorded them. */
export const copiedStatusOf = (eventTypes: readonly StatusEventType[]): CopiedStatus => eventTypes.reduce(nextCopiedStatus, 'open');
