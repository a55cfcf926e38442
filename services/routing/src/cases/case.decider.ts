import type { CaseResolvedV1, CaseRoutedV1, Category, ComplainantType, ComplaintEvent } from '@mallcare/contracts';
import { decideRouting, type GroupPolicy } from '@mallcare/policy';

export interface RouteCase {
  type: 'RouteCase';
  data: { category: Category; complainantType: ComplainantType; policy: GroupPolicy };
}

export interface ResolveCase {
  type: 'ResolveCase';
  data: { actionTaken: string; customerToldWhat: string };
}

export type CaseCommand = RouteCase | ResolveCase;

export type CaseStatus = 'unrouted' | 'routed' | 'resolved';

export interface CaseState {
  status: CaseStatus;
  owningDepartmentId: string | null;
  handlingDepartmentId: string | null;
}

export type CaseDecision =
  | { type: 'CaseRouted'; data: CaseRoutedV1 }
  | { type: 'CaseResolved'; data: CaseResolvedV1 };

export class CaseInWrongState extends Error {
  constructor(
    readonly command: CaseCommand['type'],
    readonly status: CaseStatus,
  ) {
    super(`${command} is not allowed while the case is ${status}`);
    this.name = 'CaseInWrongState';
  }
}

export const initialState = (): CaseState => ({ status: 'unrouted', owningDepartmentId: null, handlingDepartmentId: null });

export const evolve = (state: CaseState, event: ComplaintEvent): CaseState => {
  switch (event.type) {
    case 'CaseRouted':
      return { status: 'routed', owningDepartmentId: event.data.owningDepartmentId, handlingDepartmentId: event.data.handlingDepartmentId };
    case 'CaseResolved':
      return { ...state, status: 'resolved' };
    default:
      return state;
  }
};

export const decide = (command: CaseCommand, state: CaseState): CaseDecision[] => {
  switch (command.type) {
    case 'RouteCase': {
      if (state.status !== 'unrouted') throw new CaseInWrongState(command.type, state.status);
      const { policy, ...complaint } = command.data;
      return [{ type: 'CaseRouted', data: { ...decideRouting(policy, complaint), policyVersion: policy.version } }];
    }
    case 'ResolveCase': {
      if (state.status !== 'routed' || !state.owningDepartmentId || !state.handlingDepartmentId) {
        throw new CaseInWrongState(command.type, state.status);
      }
      return [
        {
          type: 'CaseResolved',
          data: {
            ...command.data,
            owningDepartmentId: state.owningDepartmentId,
            handlingDepartmentId: state.handlingDepartmentId,
          },
        },
      ];
    }
    default: {
      const unknownCommand: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknownCommand)}`);
    }
  }
};

export const caseDecider = { initialState, evolve, decide };
