import type { Category, Channel, ComplainantType, ComplaintEvent, ComplaintKind, ComplaintRegisteredV1 } from '@mallcare/contracts';

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
  };
}

export type ComplaintCommand = RegisterComplaint;

export interface ComplaintState {
  registered: boolean;
}

export type ComplaintDecision = { type: 'ComplaintRegistered'; data: ComplaintRegisteredV1; occurredAt: string };

export class IntakeRuleViolation extends Error {
  constructor(
    readonly rule: 'already-registered' | 'received-in-future',
    message: string,
  ) {
    super(message);
    this.name = 'IntakeRuleViolation';
  }
}

export const initialState = (): ComplaintState => ({ registered: false });

export const evolve = (state: ComplaintState, event: ComplaintEvent): ComplaintState => {
  switch (event.type) {
    case 'ComplaintRegistered':
      return { registered: true };
    default:
      return state;
  }
};

export const decide = (command: ComplaintCommand, state: ComplaintState): ComplaintDecision[] => {
  switch (command.type) {
    case 'RegisterComplaint': {
      if (state.registered) throw new IntakeRuleViolation('already-registered', 'the complaint is already registered');
      const { receivedAt, now, ...rest } = command.data;
      if (receivedAt.getTime() > now.getTime() + 60_000) {
        throw new IntakeRuleViolation('received-in-future', 'receivedAt cannot be later than now');
      }
      return [{ type: 'ComplaintRegistered', data: { ...rest, receivedAt: receivedAt.toISOString() }, occurredAt: receivedAt.toISOString() }];
    }
    default: {
      const unknownCommand: never = command.type;
      throw new Error(`unknown command ${String(unknownCommand)}`);
    }
  }
};

export const complaintDecider = { initialState, evolve, decide };
