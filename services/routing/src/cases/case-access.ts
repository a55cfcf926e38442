import { canAccessMall, type Identity } from '@mallcare/platform';
import { hasPermission, PERMISSIONS } from '@mallcare/policy';
import { HANDLING_COMMANDS, type CaseState, type HandlingCommandType } from './case.decider';

/** Who may read which cases: a mall's staff their own mall's, HQ every mall's (DOMAIN §1). SRE sees metrics only. */
export const CASE_READER_ROLES = PERMISSIONS['case.read'];

/** Roles that act on cases at all; which commands each may give is decided per case below. */
export const CASE_HANDLER_ROLES = PERMISSIONS['case.handle'];

/** A written reply is approved by a leader (DOMAIN §3, 000 §4.9). */
export const APPROVER_ROLES = PERMISSIONS['case.approve-written-reply'];

const ALL = HANDLING_COMMANDS;

const ASSISTING_COMMANDS: HandlingCommandType[] = ['AddProgressNote'];
/** The owning department coordinates, follows up and calls back (DOMAIN §2, §8). */
const OWNING_COMMANDS: HandlingCommandType[] = ['AddProgressNote', 'MarkMediaRisk', 'ApproveWrittenReply', 'ReopenCase'];

export const canReadCase = (identity: Identity, mallId: string): boolean => hasPermission(identity, 'case.read') && canAccessMall(identity, mallId);

/**
 * The handling commands this person's role and department allow on this case, whatever its state:
 * the mall's leaders any; the handling department's handlers and managers any but the approval
 * (managers only); the owning and assisting departments what they coordinate.
 */
export const commandsPermitted = (identity: Identity, mallId: string, state: CaseState): HandlingCommandType[] => {
  if (identity.mallId !== mallId) return [];
  const all = (command: HandlingCommandType) => command !== 'ApproveWrittenReply' || hasPermission(identity, 'case.approve-written-reply');
  if (hasPermission(identity, 'case.lead')) return ALL.filter(all);
  if (!hasPermission(identity, 'case.handle') || !identity.departmentId) return [];
  const department = identity.departmentId;
  const permitted = new Set<HandlingCommandType>();
  if (department === state.handlingDepartmentId) ALL.forEach((command) => permitted.add(command));
  if (department === state.owningDepartmentId) OWNING_COMMANDS.forEach((command) => permitted.add(command));
  if (state.assistingDepartmentIds.includes(department)) ASSISTING_COMMANDS.forEach((command) => permitted.add(command));
  return ALL.filter((command) => permitted.has(command) && all(command));
};
