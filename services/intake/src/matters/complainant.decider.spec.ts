import type { ComplaintRegisteredV2 } from '@mallcare/contracts';
import { deciderSpecification, storedEvent } from '@mallcare/testing';
import { complainantDecider, type RegisterForComplainant } from './complainant.decider';

const spec = deciderSpecification(complainantDecider);
const SUBJECT = '6f1c0d1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f';
const OPEN_CASE = '11111111-1111-4111-8111-111111111111';
const OTHER_CASE = '22222222-2222-4222-8222-222222222222';
const REPEAT = '33333333-3333-4333-8333-333333333333';
const received = '2026-11-20T02:00:00.000Z';
const again = new Date('2026-11-23T02:00:00.000Z');

const registration = (overrides: Partial<ComplaintRegisteredV2> = {}): ComplaintRegisteredV2 => ({
  caseNumber: 'SH01-20261120-0001',
  channel: 'phone',
  kind: 'complaint',
  category: 'engineering-equipment',
  complainantType: 'consumer',
  description: '空调不制冷 / the air conditioning does not cool',
  receivedAt: received,
  written: false,
  complainantSubjectId: SUBJECT,
  matterKey: null,
  channelDetails: {},
  attachments: [],
  policyVersion: 'sample-group-r1',
  ...overrides,
});

const registeredCase = (complaintId = OPEN_CASE, overrides: Partial<ComplaintRegisteredV2> = {}, mallId = 'SH01') =>
  storedEvent('ComplaintRegistered', registration(overrides), { complaintId, mallId });

const registerAgain = (overrides: Partial<RegisterForComplainant['data']> = {}): RegisterForComplainant => ({
  type: 'RegisterForComplainant',
  data: {
    registrationId: REPEAT,
    subjectId: SUBJECT,
    mallId: 'SH01',
    category: 'engineering-equipment',
    kind: 'complaint',
    channel: 'walk-in',
    receivedAt: again,
    description: '还是不制冷 / still not cooling',
    lookbackDays: 90,
    policyVersion: 'sample-group-r1',
    ...overrides,
  },
});

const linked = (repeatCount: number, complaintId = OPEN_CASE) => ({
  complaintId,
  type: 'RepeatComplaintLinked' as const,
  data: {
    complaintId,
    repeatComplaintId: REPEAT,
    repeatCount,
    channel: 'walk-in' as const,
    receivedAt: again.toISOString(),
    description: '还是不制冷 / still not cooling',
    complainantSubjectId: SUBJECT,
    policyVersion: 'sample-group-r1',
  },
  occurredAt: again.toISOString(),
});

describe('complainant decider: repeat complaints', () => {
  it('links the same complainant on the same open matter to the open case, counting the first registration', () => {
    spec([registeredCase()]).when(registerAgain()).then([linked(2)]);
  });

  it('keeps counting: the third time is repeatCount 3', () => {
    spec([registeredCase(), storedEvent('RepeatComplaintLinked', linked(2).data, { complaintId: OPEN_CASE })]).when(registerAgain()).then([linked(3)]);
  });

  it('a resolved case is no longer open: a new case is registered; reopened, it links again', () => {
    const resolved = storedEvent('CaseResolved', { actionTaken: 'x', customerToldWhat: 'y', owningDepartmentId: 'operations', handlingDepartmentId: 'engineering' }, { complaintId: OPEN_CASE });
    spec([registeredCase(), resolved]).when(registerAgain()).then([]);
    spec([registeredCase(), resolved, storedEvent('CaseReopened', { reason: 'not satisfied' }, { complaintId: OPEN_CASE })]).when(registerAgain()).then([linked(2)]);
  });

  it('another category, another mall, an inquiry, or an open case older than the lookback is not the same matter', () => {
    spec([registeredCase()]).when(registerAgain({ category: 'service-attitude' })).then([]);
    spec([registeredCase()]).when(registerAgain({ mallId: 'BJ01' })).then([]);
    spec([registeredCase()]).when(registerAgain({ kind: 'inquiry' })).then([]);
    spec([registeredCase()]).when(registerAgain({ lookbackDays: 2 })).then([]);
    spec([registeredCase(OPEN_CASE, { kind: 'inquiry' })]).when(registerAgain()).then([]);
  });

  it('links to the most recent open case of the matter', () => {
    spec([registeredCase(OPEN_CASE), registeredCase(OTHER_CASE, { receivedAt: '2026-11-22T02:00:00.000Z' })]).when(registerAgain()).then([linked(2, OTHER_CASE)]);
  });
});
