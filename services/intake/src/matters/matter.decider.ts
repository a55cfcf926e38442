import type {
  Category,
  CollectiveComplaintRaisedV1,
  CollectiveTrigger,
  ComplainantType,
  ComplaintJoinedCollectiveV1,
  ComplaintKind,
  EventOfType,
} from '@mallcare/contracts';
import { notInStream } from '@mallcare/event-store';
import { tenantKeyOf } from './matter-keys';

/**
 * One matter at one mall (same category and matter key): the complaints registered about it and the
 * collective cases raised for it. DOMAIN §3: five or more tenants, or a group of consumers, on the same
 * matter at the same time make a collective complaint, noticed across separate registrations.
 */
export interface MatterMember {
  complaintId: string;
  tenantKey: string;
  receivedAt: string;
  complainantType: ComplainantType;
  written: boolean;
  collectiveId: string | null;
}

export interface MatterCollective {
  complaintId: string;
  caseNumber: string;
  open: boolean;
}

export interface MatterState {
  members: Record<string, MatterMember>;
  collectives: Record<string, MatterCollective>;
}

export interface RegisterInMatter {
  type: 'RegisterInMatter';
  data: {
    complaintId: string;
    kind: ComplaintKind;
    tenantKey: string;
    receivedAt: Date;
    complainantType: ComplainantType;
    written: boolean;
    description: string;
    category: Category;
    matterKey: string | null;
    /** How many consumers this one registration speaks for. */
    groupSize?: number;
    windowMinutes: number;
    minDistinctTenants: number;
    policyVersion: string;
    /** Id and case number for a collective case, when detectCollective says one is raised. */
    newCollective?: { complaintId: string; caseNumber: string };
  };
}

export type MatterDecision =
  | { complaintId: string; type: 'CollectiveComplaintRaised'; data: CollectiveComplaintRaisedV1; occurredAt: string }
  | { complaintId: string; type: 'ComplaintJoinedCollective'; data: ComplaintJoinedCollectiveV1; occurredAt: string };

export type CollectiveDetection =
  | { type: 'none' }
  | { type: 'join'; collective: MatterCollective; distinctTenants: number }
  | { type: 'raise'; trigger: CollectiveTrigger; members: MatterMember[]; distinctTenants: number };

export class CollectiveCaseNumberNeeded extends Error {
  constructor() {
    super('a collective case is raised: allocate its id and case number, then decide again');
    this.name = 'CollectiveCaseNumberNeeded';
  }
}

export const initialState = (): MatterState => ({ members: {}, collectives: {} });

/** What a matter is made of: its registrations, its collective case, and routing's resolutions and reopenings. */
export const MATTER_EVENTS = ['ComplaintRegistered', 'CollectiveComplaintRaised', 'ComplaintJoinedCollective', 'CaseResolved', 'CaseReopened'] as const;
export type MatterEvent = EventOfType<(typeof MATTER_EVENTS)[number]>;

export const evolve = (state: MatterState, event: MatterEvent): MatterState => {
  const { complaintId } = event.metadata;
  switch (event.type) {
    case 'ComplaintRegistered': {
      if (event.data.kind !== 'complaint') return state;
      const { tenantUnit, complainantSubjectId, receivedAt, complainantType, written } = event.data;
      const member: MatterMember = {
        complaintId,
        tenantKey: tenantKeyOf({ tenantUnit, complainantSubjectId, complaintId }),
        receivedAt,
        complainantType,
        written,
        collectiveId: null,
      };
      return { ...state, members: { ...state.members, [complaintId]: member } };
    }
    case 'CollectiveComplaintRaised':
      return { ...state, collectives: { ...state.collectives, [complaintId]: { complaintId, caseNumber: event.data.caseNumber, open: true } } };
    case 'ComplaintJoinedCollective': {
      const member = state.members[complaintId];
      if (!member) return state;
      return { ...state, members: { ...state.members, [complaintId]: { ...member, collectiveId: event.data.collectiveComplaintId } } };
    }
    case 'CaseResolved':
    case 'CaseReopened': {
      const collective = state.collectives[complaintId];
      if (!collective) return state;
      return { ...state, collectives: { ...state.collectives, [complaintId]: { ...collective, open: event.type === 'CaseReopened' } } };
    }
    default:
      return notInStream(event, state);
  }
};

const distinctTenants = (members: MatterMember[]): number => new Set(members.map((member) => member.tenantKey)).size;

/** The members inside the window of `windowMs` that holds `at` and counts the most distinct tenants. */
const busiestWindow = (candidates: MatterMember[], at: number, windowMs: number): MatterMember[] => {
  let best: MatterMember[] = [];
  let bestCount = 0;
  const starts = candidates.map((member) => Date.parse(member.receivedAt)).filter((start) => start <= at && start >= at - windowMs);
  for (const start of [...new Set(starts)].sort((a, b) => a - b)) {
    const inside = candidates.filter((member) => {
      const t = Date.parse(member.receivedAt);
      return t >= start && t <= start + windowMs;
    });
    const count = distinctTenants(inside);
    if (count > bestCount) {
      best = inside;
      bestCount = count;
    }
  }
  return best;
};

/** Whether the registration joins an open collective, raises a new one, or neither. */
export const detectCollective = (command: RegisterInMatter, state: MatterState): CollectiveDetection => {
  const { data } = command;
  if (data.kind !== 'complaint') return { type: 'none' };
  const at = data.receivedAt.getTime();
  const windowMs = data.windowMinutes * 60_000;
  const self: MatterMember = {
    complaintId: data.complaintId,
    tenantKey: data.tenantKey,
    receivedAt: data.receivedAt.toISOString(),
    complainantType: data.complainantType,
    written: data.written,
    collectiveId: null,
  };
  const members = data.matterKey === null ? [] : Object.values(state.members).filter((member) => member.complaintId !== data.complaintId);
  const near = (member: MatterMember): number => Math.abs(Date.parse(member.receivedAt) - at);

  // A later registration within the window of an open collective's member joins that collective.
  const joinable = Object.values(state.collectives)
    .filter((collective) => collective.open)
    .map((collective) => ({ collective, mine: members.filter((member) => member.collectiveId === collective.complaintId) }))
    .filter(({ mine }) => mine.some((member) => near(member) <= windowMs))
    .sort((a, b) => Math.min(...a.mine.map(near)) - Math.min(...b.mine.map(near)));
  if (joinable.length > 0) {
    const [{ collective, mine }] = joinable;
    return { type: 'join', collective, distinctTenants: distinctTenants([...mine, self]) };
  }

  const candidates = [...members.filter((member) => member.collectiveId === null && near(member) <= windowMs), self];
  const window = busiestWindow(candidates, at, windowMs);
  const count = distinctTenants(window);
  if (count >= data.minDistinctTenants) return { type: 'raise', trigger: 'distinct-tenants', members: window, distinctTenants: count };
  if (data.groupSize !== undefined && data.groupSize >= data.minDistinctTenants) {
    return { type: 'raise', trigger: 'declared-group', members: window, distinctTenants: count };
  }
  return { type: 'none' };
};

/** The complainant type most members share (the first registered wins a tie): it decides the owning department. */
const mostCommonType = (members: MatterMember[]): ComplainantType => {
  const counts = new Map<ComplainantType, number>();
  for (const member of members) counts.set(member.complainantType, (counts.get(member.complainantType) ?? 0) + 1);
  return [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
};

export const decide = (command: RegisterInMatter, state: MatterState): MatterDecision[] => {
  switch (command.type) {
    case 'RegisterInMatter': {
      const { data } = command;
      const detection = detectCollective(command, state);
      const at = data.receivedAt.toISOString();
      switch (detection.type) {
        case 'none':
          return [];
        case 'join':
          return [
            {
              complaintId: data.complaintId,
              type: 'ComplaintJoinedCollective',
              data: { collectiveComplaintId: detection.collective.complaintId, collectiveCaseNumber: detection.collective.caseNumber, distinctTenants: detection.distinctTenants },
              occurredAt: at,
            },
          ];
        case 'raise': {
          if (!data.newCollective) throw new CollectiveCaseNumberNeeded();
          const members = [...detection.members].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.complaintId.localeCompare(b.complaintId));
          const collective = data.newCollective;
          const subject = data.matterKey ?? data.category;
          const raised: CollectiveComplaintRaisedV1 = {
            caseNumber: collective.caseNumber,
            category: data.category,
            complainantType: mostCommonType(members),
            matterKey: data.matterKey,
            description:
              detection.trigger === 'declared-group'
                ? `集体投诉 / collective complaint: a group of ${data.groupSize} consumers on "${subject}". ${data.description}`.slice(0, 4000)
                : `集体投诉 / collective complaint: ${detection.distinctTenants} distinct tenants on "${subject}" within ${data.windowMinutes} minutes. ${data.description}`.slice(0, 4000),
            receivedAt: members[0].receivedAt,
            detectedAt: at,
            trigger: detection.trigger,
            members: members.map((member) => member.complaintId),
            distinctTenants: detection.distinctTenants,
            ...(detection.trigger === 'declared-group' && data.groupSize !== undefined ? { declaredGroupSize: data.groupSize } : {}),
            written: members.some((member) => member.written),
            windowMinutes: data.windowMinutes,
            minDistinctTenants: data.minDistinctTenants,
            policyVersion: data.policyVersion,
          };
          return [
            { complaintId: collective.complaintId, type: 'CollectiveComplaintRaised', data: raised, occurredAt: at },
            ...members.map(
              (member): MatterDecision => ({
                complaintId: member.complaintId,
                type: 'ComplaintJoinedCollective',
                data: { collectiveComplaintId: collective.complaintId, collectiveCaseNumber: collective.caseNumber, distinctTenants: detection.distinctTenants },
                occurredAt: at,
              }),
            ),
          ];
        }
        default: {
          const unknown: never = detection;
          throw new Error(`unknown detection ${String(unknown)}`);
        }
      }
    }
    default: {
      const unknownCommand: never = command.type;
      throw new Error(`unknown command ${String(unknownCommand)}`);
    }
  }
};

export const matterDecider = { initialState, streamEvents: MATTER_EVENTS, evolve, decide };
