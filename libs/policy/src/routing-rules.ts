import type { Category, ComplainantType } from '@mallcare/contracts';
import type { GroupPolicy } from './group-policy';

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

/** First matching rule wins (DOMAIN §5: rules are evaluated in order). */
export const decideRouting = (
  policy: GroupPolicy,
  complaint: { category: Category; complainantType: ComplainantType },
): RoutingDecision => {
  const owning = policy.owningDepartmentByComplainantType.find((rule) => rule.complainantType === complaint.complainantType);
  if (!owning) throw new NoRoutingRule(`complainant type ${complaint.complainantType}`);
  const handling = policy.handlingDepartmentRules.find(
    (rule) => rule.categories.includes(complaint.category) || rule.categories.includes('*'),
  );
  if (!handling) throw new NoRoutingRule(`category ${complaint.category}`);
  return { owningDepartmentId: owning.departmentId, handlingDepartmentId: handling.departmentId, routingRuleId: handling.id };
};
