import { deciderSpecification, storedEvent } from '@mallcare/testing';
import { complaintDecider, IntakeRuleViolation, type RegisterComplaint } from './complaint.decider';

const spec = deciderSpecification(complaintDecider);
const now = new Date('2026-11-23T09:00:00.000Z');
const register = (receivedAt: Date): RegisterComplaint => ({
  type: 'RegisterComplaint',
  data: {
    caseNumber: 'SH01-20261123-0001',
    channel: 'letter',
    kind: 'complaint',
    category: 'service-attitude',
    complainantType: 'consumer',
    description: '导购态度恶劣',
    receivedAt,
    now,
  },
});

describe('complaint decider', () => {
  it('registers a complaint received earlier than it was entered; it occurred when received', () => {
    const yesterday = new Date('2026-11-22T16:00:00.000Z');
    spec([])
      .when(register(yesterday))
      .then([
        {
          type: 'ComplaintRegistered',
          data: {
            caseNumber: 'SH01-20261123-0001',
            channel: 'letter',
            kind: 'complaint',
            category: 'service-attitude',
            complainantType: 'consumer',
            description: '导购态度恶劣',
            receivedAt: yesterday.toISOString(),
          },
          occurredAt: yesterday.toISOString(),
        },
      ]);
  });

  it('rejects a receivedAt in the future', () => {
    spec([]).when(register(new Date('2026-11-23T10:00:00.000Z'))).thenThrows(IntakeRuleViolation, (e) => expect((e as IntakeRuleViolation).rule).toBe('received-in-future'));
  });

  it('does not register the same complaint twice', () => {
    spec([
      storedEvent('ComplaintRegistered', {
        caseNumber: 'SH01-20261123-0001',
        channel: 'letter',
        kind: 'complaint',
        category: 'service-attitude',
        complainantType: 'consumer',
        description: 'x',
        receivedAt: now.toISOString(),
      }),
    ])
      .when(register(now))
      .thenThrows(IntakeRuleViolation);
  });
});
