import { severityRank, type CaseOpenedV1, type Severity, type SystemSeverityRule } from '@mallcare/contracts';
import {
  assignResponsible,
  decideRouting,
  findDepartment,
  findMall,
  findStaffMember,
  settingsFor,
  type Assignment,
  type GroupPolicy,
  type RoutingDecision,
} from '@mallcare/policy';

/** What a case keeps of its registration: the facts its handling rules read. */
export type CaseFacts = CaseOpenedV1;

export interface SystemSeverity {
  severity: Severity;
  rule: SystemSeverityRule;
  reason: string;
}

/** The owning and handling departments by the mall's rules (DOMAIN §2, §5). */
export const routeFor = (policy: GroupPolicy, mallId: string, facts: CaseFacts): RoutingDecision =>
  decideRouting(policy, { mallId, category: facts.category, complainantType: facts.complainantType });

/**
 * Who holds the case: the department's person on duty at `at`, else its manager. A major or critical
 * case goes straight to the department head (DOMAIN §5) when the department has an active one.
 */
export const responsibleFor = (policy: GroupPolicy, mallId: string, departmentId: string, at: string, severity: Severity | null = null): Assignment => {
  if (severity !== null && severityRank(severity) >= severityRank('major')) {
    const manager = findDepartment(policy, mallId, departmentId)?.managerStaffId;
    if (manager && findStaffMember(policy, manager)?.active) return { staffId: manager, rule: 'manager' };
  }
  return assignResponsible(policy, mallId, departmentId, new Date(at));
};

export const mallDepartmentIds = (policy: GroupPolicy, mallId: string): string[] =>
  (findMall(policy, mallId)?.departments ?? []).map((department) => department.id);

/** DOMAIN §4 rules the system can check when it opens a case: a collective complaint, and channels meaning a government body or the media took it up. */
export const systemSeveritiesOnOpening = (policy: GroupPolicy, mallId: string, facts: CaseFacts): SystemSeverity[] => {
  const { severity } = settingsFor(policy, mallId);
  const found: SystemSeverity[] = [];
  if (facts.collectiveMemberIds.length > 0) {
    found.push({ severity: severity.collective, rule: 'collective', reason: `collective complaint of ${facts.collectiveMemberIds.length} registrations` });
  }
  const channel = severity.channels.find((rule) => rule.channel === facts.channel);
  if (channel?.channel === 'government-referral') {
    found.push({ severity: channel.severity, rule: 'channel-government-referral', reason: 'referred by a government body' });
  } else if (channel?.channel === 'media') {
    found.push({ severity: channel.severity, rule: 'channel-media', reason: 'raised through the media' });
  }
  return found;
};

/** How often a matter is raised, first registration included, before it is major (DOMAIN §4; default 2). */
export const repeatCountForMajor = (policy: GroupPolicy, mallId: string): number => settingsFor(policy, mallId).severity.repeatCountForMajor;
