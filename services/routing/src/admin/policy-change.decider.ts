import {
  CommandRefused,
  HQ_MALL_ID,
  type Channel,
  type FieldError,
  type GroupPolicyChangedV1,
  type PolicyChangeKind,
  type Role,
  type GroupPolicyChanged,
} from '@mallcare/contracts';
import {
  findMall,
  PERMISSIONS,
  policyVersionOf,
  targetsOf,
  validateGroupPolicy,
  type GroupPolicy,
  type GroupTargets,
  type Identity,
  type MallDepartment,
  type MallPolicy,
  type MallSettings,
  type PolicyDuration,
  type RoutingTables,
  type StaffMember,
} from '@mallcare/policy';

export interface MallProfile {
  name: string;
  nameEn: string;
  city: string;
  timeZone: string;
  enabledChannels: Channel[];
}

/** A mall's own dates on top of the national schedule; they move its working-day clocks. */
export type MallCalendar = NonNullable<MallPolicy['calendar']>;

type GroupSettings = Pick<GroupPolicy, 'severity' | 'collective' | 'repeat' | 'callback'>;

/** What an admin asks to change; `null` in settings means "follow the group again". */
export type PolicyChange =
  | { kind: 'mall-profile'; mallId: string; profile: MallProfile }
  | { kind: 'mall-routing'; mallId: string; routing: Partial<RoutingTables> }
  | { kind: 'mall-departments'; mallId: string; departments: MallDepartment[] }
  | { kind: 'mall-calendar'; mallId: string; calendar: MallCalendar }
  | { kind: 'mall-settings'; mallId: string; settings: { [K in keyof MallSettings]?: MallSettings[K] | null } }
  | { kind: 'staff-member'; member: StaffMember }
  | { kind: 'group-settings'; settings: Partial<GroupSettings> }
  | { kind: 'group-routing'; routing: RoutingTables }
  | { kind: 'group-clocks'; clockKind: string; clock: ClockChange }
  | { kind: 'group-targets'; targets: Partial<GroupTargets> };

/** A clock's timing as an admin changes it (DOMAIN §6): its target, warning points and escalation interval. */
export interface ClockChange {
  target: PolicyDuration;
  warnAtPercent?: number[];
  /** null: the group's default interval again. */
  escalateEvery?: PolicyDuration | null;
}

export interface ChangePolicy {
  type: 'ChangePolicy';
  data: {
    change: PolicyChange;
    by: Identity;
    /** When the request was made (the decider's clock). */
    at: string;
    /** From when the new version applies; now when absent. Never in the past. */
    effectiveFrom?: string;
  };
}

export interface PolicyChangeState {
  latest: GroupPolicy;
}

export type PolicyChangeDecision = { type: 'GroupPolicyChanged'; data: GroupPolicyChangedV1 };

/** The change would leave a policy that doesn't hold together (400, by field). */
export class PolicyChangeRejected extends CommandRefused {
  constructor(readonly errors: FieldError[]) {
    super('ADMIN_POLICY_CHANGE_INVALID', 'invalid', 'policy-holds-together', 'the change would leave the policy invalid', { errors });
    this.name = 'PolicyChangeRejected';
  }
}

/** The caller's role or mall does not allow this change (403). */
export class PolicyChangeForbidden extends CommandRefused {
  constructor(message: string) {
    super('ADMIN_POLICY_CHANGE_FORBIDDEN', 'forbidden', 'policy-change-within-role', message);
    this.name = 'PolicyChangeForbidden';
  }
}

export class UnknownMall extends CommandRefused {
  constructor(readonly mallId: string) {
    super('ADMIN_MALL_NOT_FOUND', 'not-found', 'mall-exists', `there is no mall ${mallId}`);
    this.name = 'UnknownMall';
  }
}

/** A mall's GM may hand out only these roles, and only to the mall's own staff. */
export const MALL_GRANTABLE_ROLES: readonly Role[] = PERMISSIONS['policy.granted-by-mall-gm'];

/** Allowed clock skew between the caller and the server for "effective now". */
const SKEW_MS = 60_000;

const mallOfChange = (change: PolicyChange): string | null => {
  switch (change.kind) {
    case 'mall-profile':
    case 'mall-routing':
    case 'mall-departments':
    case 'mall-settings':
    case 'mall-calendar':
      return change.mallId;
    case 'staff-member':
      return change.member.mallId;
    case 'group-settings':
    case 'group-routing':
    case 'group-clocks':
    case 'group-targets':
      return null;
    default: {
      const unknown: never = change;
      throw new Error(`unknown change ${JSON.stringify(unknown)}`);
    }
  }
};

const authorize = (change: PolicyChange, by: Identity, policy: GroupPolicy): void => {
  if (by.roles.includes('group-admin')) return;
  if (!by.roles.includes('mall-gm') || by.mallId === null) throw new PolicyChangeForbidden('only a group admin or a mall GM may change the policy');
  const own = (mallId: string | null) => mallId === by.mallId;
  switch (change.kind) {
    case 'group-settings':
    case 'group-routing':
    case 'group-clocks':
    case 'group-targets':
      throw new PolicyChangeForbidden('only a group admin may change the group-wide rules');
    case 'mall-profile':
      if (!findMall(policy, change.mallId)) throw new PolicyChangeForbidden('only a group admin may add a mall');
      if (!own(change.mallId)) throw new PolicyChangeForbidden(`a GM of ${by.mallId} cannot change mall ${change.mallId}`);
      return;
    case 'mall-routing':
    case 'mall-departments':
    case 'mall-settings':
    case 'mall-calendar':
      if (!own(change.mallId)) throw new PolicyChangeForbidden(`a GM of ${by.mallId} cannot change mall ${change.mallId}`);
      return;
    case 'staff-member': {
      const existing = policy.staff.find((member) => member.id === change.member.id);
      if (!own(change.member.mallId) || (existing && !own(existing.mallId))) {
        throw new PolicyChangeForbidden(`a GM of ${by.mallId} can only manage the staff of ${by.mallId}`);
      }
      const beyond = change.member.roles.filter((role) => !MALL_GRANTABLE_ROLES.includes(role));
      if (beyond.length > 0) throw new PolicyChangeForbidden(`a mall GM cannot grant ${beyond.join(', ')}`);
      return;
    }
    default: {
      const unknown: never = change;
      throw new Error(`unknown change ${JSON.stringify(unknown)}`);
    }
  }
};

const withMall = (policy: GroupPolicy, mallId: string, update: (mall: MallPolicy) => MallPolicy): GroupPolicy => {
  const mall = findMall(policy, mallId);
  if (!mall) throw new UnknownMall(mallId);
  return { ...policy, malls: policy.malls.map((candidate) => (candidate.id === mallId ? update(candidate) : candidate)) };
};

const withoutNulls = <T extends object>(value: { [K in keyof T]?: T[K] | null }): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;

/** The policy with the change applied, and a line for the log saying what changed. */
const apply = (policy: GroupPolicy, change: PolicyChange): { next: GroupPolicy; summary: string; changedPaths: string[] } => {
  switch (change.kind) {
    case 'mall-profile': {
      const existing = findMall(policy, change.mallId);
      if (!existing) {
        // A new mall starts with the group's standard departments, no rosters and no managers yet.
        const departments = policy.departments.map((id) => ({ id, name: id, nameEn: id, managerStaffId: null, roster: [] }));
        return {
          next: { ...policy, malls: [...policy.malls, { id: change.mallId, ...change.profile, departments }] },
          summary: `mall ${change.mallId} ${change.profile.name} added`,
          changedPaths: [`malls.${change.mallId}`],
        };
      }
      return {
        next: withMall(policy, change.mallId, (mall) => ({ ...mall, ...change.profile })),
        summary: `profile of mall ${change.mallId} changed`,
        changedPaths: [`malls.${change.mallId}.profile`],
      };
    }
    case 'mall-routing':
      return {
        next: withMall(policy, change.mallId, (mall) => {
          const { routing: _previous, ...rest } = mall;
          const routing = withoutNulls<RoutingTables>(change.routing);
          return Object.keys(routing).length > 0 ? { ...rest, routing } : rest;
        }),
        summary:
          Object.keys(withoutNulls<RoutingTables>(change.routing)).length > 0
            ? `routing rules of mall ${change.mallId} set (${Object.keys(withoutNulls<RoutingTables>(change.routing)).join(', ')})`
            : `mall ${change.mallId} follows the group routing rules again`,
        changedPaths: [`malls.${change.mallId}.routing`],
      };
    case 'mall-departments':
      return {
        next: withMall(policy, change.mallId, (mall) => ({ ...mall, departments: change.departments })),
        summary: `departments and duty rosters of mall ${change.mallId} set (${change.departments.map((d) => d.id).join(', ')})`,
        changedPaths: [`malls.${change.mallId}.departments`],
      };
    case 'mall-calendar': {
      const closures = change.calendar.closures ?? [];
      const extra = change.calendar.extraWorkingDates ?? [];
      return {
        next: withMall(policy, change.mallId, (mall) => {
          const { calendar: _previous, ...rest } = mall;
          return closures.length + extra.length > 0 ? { ...rest, calendar: { closures, extraWorkingDates: extra } } : rest;
        }),
        summary: `calendar of mall ${change.mallId} set (${closures.length} closures, ${extra.length} extra working days)`,
        changedPaths: [`malls.${change.mallId}.calendar`],
      };
    }
    case 'mall-settings': {
      const keys = Object.keys(change.settings).filter((key) => change.settings[key as keyof MallSettings] !== undefined);
      return {
        next: withMall(policy, change.mallId, (mall) => {
          const settings = withoutNulls<MallSettings>({ ...mall.settings, ...change.settings });
          const { settings: _previous, ...rest } = mall;
          return Object.keys(settings).length > 0 ? { ...rest, settings } : rest;
        }),
        summary: `settings of mall ${change.mallId} changed (${keys.map((key) => (change.settings[key as keyof MallSettings] === null ? `${key} follows the group` : key)).join(', ')})`,
        changedPaths: keys.map((key) => `malls.${change.mallId}.settings.${key}`),
      };
    }
    case 'staff-member': {
      const exists = policy.staff.some((member) => member.id === change.member.id);
      return {
        next: {
          ...policy,
          staff: exists ? policy.staff.map((member) => (member.id === change.member.id ? change.member : member)) : [...policy.staff, change.member],
        },
        summary: `staff member ${change.member.id} ${exists ? 'changed' : 'added'} (${change.member.roles.join(', ')} at ${change.member.mallId ?? HQ_MALL_ID}${change.member.active ? '' : ', inactive'})`,
        changedPaths: [`staff.${change.member.id}`],
      };
    }
    case 'group-settings':
      return {
        next: { ...policy, ...withoutNulls<GroupSettings>(change.settings) },
        summary: `group settings changed (${Object.keys(withoutNulls<GroupSettings>(change.settings)).join(', ')})`,
        changedPaths: Object.keys(withoutNulls<GroupSettings>(change.settings)),
      };
    case 'group-routing':
      return {
        next: { ...policy, ...change.routing },
        summary: 'group routing rules changed',
        changedPaths: ['owningDepartmentByComplainantType', 'handlingDepartmentRules'],
      };
    case 'group-clocks': {
      if (!policy.clocks.some((clock) => clock.kind === change.clockKind)) throw new PolicyChangeRejected([{ field: 'kind', messages: [`there is no clock ${change.clockKind}`] }]);
      const { escalateEvery, target, warnAtPercent } = change.clock;
      return {
        next: {
          ...policy,
          clocks: policy.clocks.map((clock) => {
            if (clock.kind !== change.clockKind) return clock;
            const { escalateEvery: previousEvery, ...rest } = clock;
            // Left out: as it was; null: the group's default interval again.
            const every = escalateEvery === undefined ? previousEvery : (escalateEvery ?? undefined);
            // A body without warnAtPercent reaches here with the key present and undefined (the DTO's field): as it was.
            return { ...rest, target, ...(warnAtPercent !== undefined ? { warnAtPercent } : {}), ...(every ? { escalateEvery: every } : {}) };
          }),
        },
        summary: `clock ${change.clockKind} changed (${change.clock.target.amount} ${change.clock.target.unit}${change.clock.warnAtPercent ? `, warn at ${change.clock.warnAtPercent.join('/')} %` : ''})`,
        changedPaths: [`clocks.${change.clockKind}`],
      };
    }
    case 'group-targets': {
      const given = Object.entries(change.targets).filter(([, share]) => share !== undefined);
      return {
        next: { ...policy, targets: { ...targetsOf(policy), ...Object.fromEntries(given) } },
        summary: `group targets changed (${given.map(([key, share]) => `${key} ${Math.round(Number(share) * 1000) / 10} %`).join(', ')})`,
        changedPaths: given.map(([key]) => `targets.${key}`),
      };
    }
    default: {
      const unknown: never = change;
      throw new Error(`unknown change ${JSON.stringify(unknown)}`);
    }
  }
};

/** The part of a mall a request's body is: its fields are named without the prefix. */
const OWN_BLOCK: Partial<Record<PolicyChange['kind'], string>> = { 'mall-routing': 'routing.', 'mall-settings': 'settings.', 'mall-calendar': 'calendar.' };

/** Field paths of the whole policy made relative to what the request sent, where they are about it. */
const relativeTo = (errors: FieldError[], policy: GroupPolicy, change: PolicyChange): FieldError[] => {
  const mallId = 'mallId' in change ? change.mallId : null;
  const mallIndex = mallId === null ? -1 : policy.malls.findIndex((mall) => mall.id === mallId);
  const staffIndex = change.kind === 'staff-member' ? policy.staff.findIndex((member) => member.id === change.member.id) : -1;
  return errors.map(({ field, messages }) => {
    if (mallIndex >= 0 && field.startsWith(`malls.${mallIndex}.`)) {
      const relative = field.slice(`malls.${mallIndex}.`.length);
      const ownBlock = OWN_BLOCK[change.kind];
      return { field: ownBlock && relative.startsWith(ownBlock) ? relative.slice(ownBlock.length) : relative, messages };
    }
    if (staffIndex >= 0 && field.startsWith(`staff.${staffIndex}.`)) return { field: field.slice(`staff.${staffIndex}.`.length), messages };
    const clockIndex = change.kind === 'group-clocks' ? policy.clocks.findIndex((clock) => clock.kind === change.clockKind) : -1;
    if (clockIndex >= 0 && field.startsWith(`clocks.${clockIndex}.`)) return { field: field.slice(`clocks.${clockIndex}.`.length), messages };
    if (change.kind === 'group-targets' && field.startsWith('targets.')) return { field: field.slice('targets.'.length), messages };
    return { field: `policy.${field}`, messages };
  });
};

export const policyChangeDecider = (seed: GroupPolicy) => ({
  initialState: (): PolicyChangeState => ({ latest: seed }),
  streamEvents: ['GroupPolicyChanged'] as const,

  /** The group's policy stream holds nothing else. */
  evolve: (_state: PolicyChangeState, event: GroupPolicyChanged): PolicyChangeState => ({ latest: event.data.policy as unknown as GroupPolicy }),

  decide: (command: ChangePolicy, state: PolicyChangeState): PolicyChangeDecision[] => {
    const { change, by, at } = command.data;
    const previous = state.latest;
    authorize(change, by, previous);

    const effectiveFrom = command.data.effectiveFrom ?? at;
    const timing: FieldError[] = [];
    if (Date.parse(effectiveFrom) < Date.parse(at) - SKEW_MS) timing.push({ field: 'effectiveFrom', messages: ['must not be in the past: the log already shows which policy applied'] });
    if (Date.parse(effectiveFrom) < Date.parse(previous.effectiveFrom)) {
      timing.push({ field: 'effectiveFrom', messages: [`must not be before ${previous.effectiveFrom}, when the latest version ${previous.version} takes effect`] });
    }
    if (timing.length > 0) throw new PolicyChangeRejected(timing);

    const { next, summary, changedPaths } = apply(previous, change);
    const revision = previous.revision + 1;
    const candidate: GroupPolicy = { ...next, revision, version: policyVersionOf(previous, revision), effectiveFrom: new Date(effectiveFrom).toISOString() };
    const problems = validateGroupPolicy(candidate);
    if (problems.length > 0) throw new PolicyChangeRejected(relativeTo(problems, candidate, change));
    // Nothing would differ: no new version (a repeated PUT is harmless).
    if (JSON.stringify({ ...next, version: '', revision: 0, effectiveFrom: '' }) === JSON.stringify({ ...previous, version: '', revision: 0, effectiveFrom: '' })) return [];

    return [
      {
        type: 'GroupPolicyChanged',
        data: {
          version: candidate.version,
          revision,
          previousVersion: previous.version,
          effectiveFrom: candidate.effectiveFrom,
          change: { kind: change.kind satisfies PolicyChangeKind, mallId: mallOfChange(change), staffId: change.kind === 'staff-member' ? change.member.id : null, summary, changedPaths },
          changedBy: by.staffId,
          policy: candidate as unknown as Record<string, unknown>,
        },
      },
    ];
  },
});
