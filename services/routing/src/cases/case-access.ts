import type { Role } from '@mallcare/contracts';
import { canAccessMall, type Identity } from '@mallcare/platform';
import { HANDLING_COMMANDS, type CaseState, type HandlingCommandType } from './case.decider';

/** Who may read which cases: a mall's staff their own mall's, HQ every mall's (DOMAIN §1). SRE sees metrics only. */
export const CASE_READER_ROLES: Role[] = [
  'front-desk-agent',
  'department-handler',
  'department-manager',
  'director',
  'mall-gm',
  'hq-operations',
  'group-admin',
];

/** Roles that act on cases at all; which commands each may give is decided per case below. */
export const CASE_HANDLER_ROLES: Role[] = ['department-handler', 'department-manager', 'director', 'mall-gm'];

const ALL = HANDLING_COMMANDS;
const LEADERS: Role[] = ['director', 'mall-gm'];
/** A written reply is approved by a leader (DOMAIN §3, 000 §4.9). */
export const APPROVER_ROLES = ['department-manager', 'director', 'mall-gm'] as const;

const ASSISTING_COMMANDS: HandlingCommandType[] = ['AddProgressNote'];
/** The owning department coordinates, follows up and calls back (DOMAIN §2, §8). */
const OWNING_COMMANDS: HandlingCommandType[] = ['AddProgressNote', 'MarkMediaRisk', 'ApproveWrittenReply', 'ReopenCase'];

const has = (identity: Identity, roles: readonly Role[]): boolean => roles.some((role) => identity.roles.includes(role));

export const canReadCase = (identity: Identity, mallId: string): boolean => has(identity, CASE_READER_ROLES) && canAccessMall(identity, mallId);

/**
 * The handling commands this person's role and department allow on this case, whatever its state:
 * the mall's leaders any; the handling department's handlers and managers any but the approval
 * (managers only); the owning and assisting departments what they coordinate.
 */
export const commandsPermitted = (identity: Identity, mallId: string, state: CaseState): HandlingCommandType[] => {
  if (identity.mallId !== mallId) return [];
  const all = (command: HandlingCommandType) => command !== 'ApproveWrittenReply' || has(identity, APPROVER_ROLES);
  if (has(identity, LEADERS)) return ALL.filter(all);
  if (!has(identity, ['department-handler', 'department-manager']) || !identity.departmentId) return [];
  const department = identity.departmentId;
  const permitted = new Set<HandlingCommandType>();
  if (department === state.handlingDepartmentId) ALL.forEach((command) => permitted.add(command));
  if (department === state.owningDepartmentId) OWNING_COMMANDS.forEach((command) => permitted.add(command));
  if (state.assistingDepartmentIds.includes(department)) ASSISTING_COMMANDS.forEach((command) => permitted.add(command));
  return ALL.filter((command) => permitted.has(command) && all(command));
};
