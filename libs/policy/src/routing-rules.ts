import type { Category, ComplainantType } from '@mallcare/contracts';
import type { GroupPolicy, RoutingTables } from './group-policy';
import { findMall } from './malls';

export interface RoutingDecision {
  owningDepartmentId: string;
  handlingDepartmentId: string;
  routingRuleId: string;
}

export class NoRoutingRule extends Error {
  constructor(what: string) {
    super(`the routing policy has no rule for ${what}`);
    this.name = 'NoRoutingRule';
  }
}

/** The tables that apply at a mall: each of the mall's own tables replaces the group's whole table. */
export const routingTablesFor = (policy: GroupPolicy, mallId?: string): RoutingTables => {
  const own = mallId === undefined ? undefined : findMall(policy, mallId)?.routing;
  return {
    owningDepartmentByComplainantType: own?.owningDepartmentByComplainantType ?? policy.owningDepartmentByComplainantType,
    handlingDepartmentRules: own?.handlingDepartmentRules ?? policy.handlingDepartmentRules,
  };
};

/** First matching rule wins (DOMAIN §5: rules are evaluated in order); without a mall, the group's tables. */
export const decideRouting = (
  policy: GroupPolicy,
  complaint: { mallId?: string; category: Category; complainantType: ComplainantType },
): RoutingDecision => {
  const tables = routingTablesFor(policy, complaint.mallId);
  const owning = tables.owningDepartmentByComplainantType.find((rule) => rule.complainantType === complaint.complainantType);
  if (!owning) throw new NoRoutingRule(`complainant type ${complaint.complainantType}`);
  const handling = tables.handlingDepartmentRules.find(
    (rule) => rule.categories.includes(complaint.category) || rule.categories.includes('*'),
  );
  if (!handling) throw new NoRoutingRule(`category ${complaint.category}`);
  return { owningDepartmentId: owning.departmentId, handlingDepartmentId: handling.departmentId, routingRuleId: handling.id };
};
