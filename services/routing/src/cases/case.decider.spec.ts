import { CATEGORIES, type Category, type ComplainantType } from '@mallcare/contracts';
import { DEFAULT_GROUP_POLICY } from '@mallcare/policy';
import { deciderSpecification, storedEvent } from '@mallcare/testing';
import { caseDecider, CaseInWrongState } from './case.decider';

const spec = deciderSpecification(caseDecider);
const policy = DEFAULT_GROUP_POLICY;
const route = (category: Category, complainantType: ComplainantType) => ({ type: 'RouteCase' as const, data: { category, complainantType, policy } });
const routed = (owning: string, handling: string) =>
  storedEvent('CaseRouted', { owningDepartmentId: owning, handlingDepartmentId: handling, routingRuleId: 'route-engineering', policyVersion: policy.version });

describe('case decider', () => {
  it('routes a consumer escalator complaint: owned by operations, handled by engineering (DOMAIN §2, §5)', () => {
    spec([])
      .when(route('engineering-equipment', 'consumer'))
      .then([
        {
          type: 'CaseRouted',
          data: { owningDepartmentId: 'operations', handlingDepartmentId: 'engineering', routingRuleId: 'route-engineering', policyVersion: policy.version },
        },
      ]);
  });

  it.each<[Category, string]>([
    ['product-quality', 'operations'],
    ['service-attitude', 'operations'],
    ['marketing-events', 'operations'],
    ['property-management', 'property'],
    ['environment-facilities', 'property'],
    ['safety-incident', 'property'],
    ['engineering-equipment', 'engineering'],
    ['other', 'operations'],
  ])('hands %s to %s by the default table', (category, handling) => {
    const [decision] = caseDecider.decide(route(category, 'consumer'), caseDecider.initialState());
    expect(decision.type === 'CaseRouted' && decision.data.handlingDepartmentId).toBe(handling);
  });

  it('covers every category of the vocabulary', () => {
    for (const category of CATEGORIES) expect(() => caseDecider.decide(route(category, 'consumer'), caseDecider.initialState())).not.toThrow();
  });

  it.each<[ComplainantType, string]>([
    ['consumer', 'operations'],
    ['street-shop-tenant', 'operations'],
    ['anchor-store', 'property'],
    ['investor', 'property'],
    ['other', 'operations'],
  ])('gives a %s complaint to %s as owner', (complainantType, owning) => {
    const [decision] = caseDecider.decide(route('product-quality', complainantType), caseDecider.initialState());
    expect(decision.type === 'CaseRouted' && decision.data.owningDepartmentId).toBe(owning);
  });

  it('follows a mall policy that differs from the default', () => {
    const custom = { ...policy, version: 'mall-SH01-3', handlingDepartmentRules: [{ id: 'all-to-security', categories: ['*' as const], departmentId: 'security' }] };
    const [decision] = caseDecider.decide({ type: 'RouteCase', data: { category: 'product-quality', complainantType: 'consumer', policy: custom } }, caseDecider.initialState());
    expect(decision).toEqual({ type: 'CaseRouted', data: { owningDepartmentId: 'operations', handlingDepartmentId: 'security', routingRuleId: 'all-to-security', policyVersion: 'mall-SH01-3' } });
  });

  it('does not route twice', () => {
    spec([routed('operations', 'engineering')]).when(route('engineering-equipment', 'consumer')).thenThrows(CaseInWrongState);
  });

  it('resolves a routed case, naming both departments for the callback', () => {
    spec([routed('operations', 'engineering')])
      .when({ type: 'ResolveCase', data: { actionTaken: 'replaced chain', customerToldWhat: 'phoned' } })
      .then([
        {
          type: 'CaseResolved',
          data: { actionTaken: 'replaced chain', customerToldWhat: 'phoned', owningDepartmentId: 'operations', handlingDepartmentId: 'engineering' },
        },
      ]);
  });

  it('rejects resolving a case that was never routed, or is already resolved', () => {
    const resolve = { type: 'ResolveCase' as const, data: { actionTaken: 'x', customerToldWhat: 'y' } };
    spec([]).when(resolve).thenThrows(CaseInWrongState, (e) => expect(e.message).toContain('unrouted'));
    spec([
      routed('operations', 'engineering'),
      storedEvent('CaseResolved', { actionTaken: 'x', customerToldWhat: 'y', owningDepartmentId: 'operations', handlingDepartmentId: 'engineering' }),
    ])
      .when(resolve)
      .thenThrows(CaseInWrongState, (e) => expect(e.message).toContain('resolved'));
  });
});
