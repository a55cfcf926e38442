import type { ComplainantType, ComplaintRegisteredV2 } from '@mallcare/contracts';
import { deciderSpecification, storedEvent } from '@mallcare/testing';
import { tenantKeyOf } from './matter-keys';
import { CollectiveCaseNumberNeeded, detectCollective, matterDecider, type RegisterInMatter } from './matter.decider';

const spec = deciderSpecification(matterDecider);
const base = Date.parse('2026-11-23T06:00:00.000Z');
const at = (minutes: number): Date => new Date(base + minutes * 60_000);
const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const COLLECTIVE = { complaintId: id(900), caseNumber: 'SH01-20261123-0099' };

const tenantComplaint = (n: number, minutes: number, unit = `L1-${String(n).padStart(3, '0')}`, type: ComplainantType = 'street-shop-tenant') =>
  storedEvent(
    'ComplaintRegistered',
    {
      caseNumber: `SH01-20261123-${String(n).padStart(4, '0')}`,
      channel: 'walk-in',
      kind: 'complaint',
      category: 'engineering-equipment',
      complainantType: type,
      description: '停电 / power cut',
      receivedAt: at(minutes).toISOString(),
      written: false,
      complainantSubjectId: null,
      matterKey: 'b1 power',
      tenantUnit: unit,
      channelDetails: {},
      attachments: [],
      policyVersion: 'sample-group-r1',
    } satisfies ComplaintRegisteredV2,
    { complaintId: id(n) },
  );

const registerTenant = (n: number, minutes: number, overrides: Partial<RegisterInMatter['data']> = {}): RegisterInMatter => ({
  type: 'RegisterInMatter',
  data: {
    complaintId: id(n),
    kind: 'complaint',
    tenantKey: tenantKeyOf({ tenantUnit: `L1-${String(n).padStart(3, '0')}`, complainantSubjectId: null, complaintId: id(n) }),
    receivedAt: at(minutes),
    complainantType: 'street-shop-tenant',
    written: false,
    description: '停电 / power cut',
    category: 'engineering-equipment',
    matterKey: 'b1 power',
    windowMinutes: 120,
    minDistinctTenants: 5,
    policyVersion: 'sample-group-r1',
    newCollective: COLLECTIVE,
    ...overrides,
  },
});

const joined = (n: number, minutes: number, distinctTenants: number) => ({
  complaintId: id(n),
  type: 'ComplaintJoinedCollective' as const,
  data: { collectiveComplaintId: COLLECTIVE.complaintId, collectiveCaseNumber: COLLECTIVE.caseNumber, distinctTenants },
  occurredAt: at(minutes).toISOString(),
});

const raisedEvent = (members: number[], minutes: number) =>
  storedEvent(
    'CollectiveComplaintRaised',
    {
      caseNumber: COLLECTIVE.caseNumber,
      category: 'engineering-equipment',
      complainantType: 'street-shop-tenant',
      matterKey: 'b1 power',
      description: 'collective',
      receivedAt: at(0).toISOString(),
      detectedAt: at(minutes).toISOString(),
      trigger: 'distinct-tenants',
      members: members.map(id),
      distinctTenants: members.length,
      written: false,
      windowMinutes: 120,
      minDistinctTenants: 5,
      policyVersion: 'sample-group-r1',
    },
    { complaintId: COLLECTIVE.complaintId },
  );

const joinedEvent = (n: number) =>
  storedEvent('ComplaintJoinedCollective', { collectiveComplaintId: COLLECTIVE.complaintId, collectiveCaseNumber: COLLECTIVE.caseNumber, distinctTenants: 5 }, { complaintId: id(n) });

describe('matter decider: collective complaints', () => {
  it('the fifth distinct tenant within the window raises one collective case linked to all five', () => {
    const given = [tenantComplaint(1, 0), tenantComplaint(2, 20), tenantComplaint(3, 40), tenantComplaint(4, 60)];
    const decisions = matterDecider.decide(registerTenant(5, 90), given.reduce(matterDecider.evolve, matterDecider.initialState()));
    expect(decisions[0]).toMatchObject({
      complaintId: COLLECTIVE.complaintId,
      type: 'CollectiveComplaintRaised',
      data: {
        caseNumber: COLLECTIVE.caseNumber,
        category: 'engineering-equipment',
        complainantType: 'street-shop-tenant',
        matterKey: 'b1 power',
        receivedAt: at(0).toISOString(),
        detectedAt: at(90).toISOString(),
        trigger: 'distinct-tenants',
        members: [id(1), id(2), id(3), id(4), id(5)],
        distinctTenants: 5,
        written: false,
        windowMinutes: 120,
        minDistinctTenants: 5,
      },
    });
    expect(decisions.slice(1)).toEqual([1, 2, 3, 4, 5].map((n) => joined(n, 90, 5)));
  });

  it('four distinct tenants are not a collective complaint', () => {
    spec([tenantComplaint(1, 0), tenantComplaint(2, 20), tenantComplaint(3, 40)]).when(registerTenant(4, 60)).then([]);
  });

  it('the same tenant twice counts once', () => {
    const sameShop = [tenantComplaint(1, 0), tenantComplaint(2, 10), tenantComplaint(3, 20), tenantComplaint(4, 30, 'L1-001')];
    spec(sameShop).when(registerTenant(5, 40)).then([]);
    const subject = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
    expect(tenantKeyOf({ tenantUnit: ' l1 001', complainantSubjectId: subject, complaintId: id(9) })).toBe(tenantKeyOf({ tenantUnit: 'L1001', complainantSubjectId: null, complaintId: id(8) }));
    expect(tenantKeyOf({ complainantSubjectId: subject, complaintId: id(9) })).toBe(tenantKeyOf({ complainantSubjectId: subject, complaintId: id(8) }));
  });

  it('registrations outside the window do not count: five tenants spread over more than 120 minutes', () => {
    spec([tenantComplaint(1, 0), tenantComplaint(2, 20), tenantComplaint(3, 40), tenantComplaint(4, 60)]).when(registerTenant(5, 121)).then([]);
  });

  it('the window is the policy’s: 180 minutes (GZ01’s setting) takes the same five in', () => {
    const state = [tenantComplaint(1, 0), tenantComplaint(2, 20), tenantComplaint(3, 40), tenantComplaint(4, 60)].reduce(matterDecider.evolve, matterDecider.initialState());
    expect(detectCollective(registerTenant(5, 121, { windowMinutes: 180 }), state)).toMatchObject({ type: 'raise', distinctTenants: 5 });
    expect(detectCollective(registerTenant(5, 90, { minDistinctTenants: 6 }), state)).toEqual({ type: 'none' });
  });

  it('a registration logged late (receivedAt earlier than the others) still counts within its window', () => {
    spec([tenantComplaint(1, 60), tenantComplaint(2, 70), tenantComplaint(3, 80), tenantComplaint(4, 100)])
      .when(registerTenant(5, 0))
      .then([
        expect.objectContaining({ type: 'CollectiveComplaintRaised', data: expect.objectContaining({ members: [5, 1, 2, 3, 4].map(id), receivedAt: at(0).toISOString() }) }),
        ...[5, 1, 2, 3, 4].map((n) => joined(n, 0, 5)),
      ] as never);
  });

  it('a later tenant within the window joins the existing collective instead of raising another', () => {
    const given = [tenantComplaint(1, 0), tenantComplaint(2, 20), tenantComplaint(3, 40), tenantComplaint(4, 60), tenantComplaint(5, 90), raisedEvent([1, 2, 3, 4, 5], 90), ...[1, 2, 3, 4, 5].map(joinedEvent)];
    spec(given).when(registerTenant(6, 100)).then([joined(6, 100, 6)]);
  });

  it('a resolved collective is not joined; without enough new tenants nothing is raised', () => {
    const resolved = storedEvent('CaseResolved', { actionTaken: 'x', customerToldWhat: 'y', owningDepartmentId: 'operations', handlingDepartmentId: 'engineering' }, { complaintId: COLLECTIVE.complaintId });
    const given = [tenantComplaint(1, 0), tenantComplaint(2, 20), tenantComplaint(3, 40), tenantComplaint(4, 60), tenantComplaint(5, 90), raisedEvent([1, 2, 3, 4, 5], 90), ...[1, 2, 3, 4, 5].map(joinedEvent), resolved];
    spec(given).when(registerTenant(6, 100)).then([]);
  });

  it('one registration speaking for a group of consumers at or over the threshold raises a collective case alone', () => {
    spec([])
      .when(registerTenant(1, 0, { complainantType: 'consumer', groupSize: 12, matterKey: null }))
      .then([
        expect.objectContaining({
          type: 'CollectiveComplaintRaised',
          complaintId: COLLECTIVE.complaintId,
          data: expect.objectContaining({ trigger: 'declared-group', declaredGroupSize: 12, members: [id(1)], distinctTenants: 1, complainantType: 'consumer', matterKey: null }),
        }),
        joined(1, 0, 1),
      ] as never);
    spec([]).when(registerTenant(1, 0, { groupSize: 4 })).then([]);
  });

  it('only complaints count: inquiries, requests and suggestions never make a collective', () => {
    spec([tenantComplaint(1, 0), tenantComplaint(2, 20), tenantComplaint(3, 40), tenantComplaint(4, 60)]).when(registerTenant(5, 90, { kind: 'request' })).then([]);
  });

  it('asks for a case number before raising', () => {
    const state = [tenantComplaint(1, 0), tenantComplaint(2, 20), tenantComplaint(3, 40), tenantComplaint(4, 60)].reduce(matterDecider.evolve, matterDecider.initialState());
    expect(() => matterDecider.decide(registerTenant(5, 90, { newCollective: undefined }), state)).toThrow(CollectiveCaseNumberNeeded);
  });
});
