import { DEFAULT_GROUP_POLICY } from '@mallcare/policy';
import { deciderSpecification, storedEvent } from '@mallcare/testing';
import { clockDecider } from './clock.decider';

const spec = deciderSpecification(clockDecider);
const policy = DEFAULT_GROUP_POLICY;
const receivedAt = new Date('2026-11-23T02:00:00.000Z');
const observe = (eventType: 'ComplaintRegistered' | 'CaseRouted' | 'CaseResolved', at: Date) => ({
  type: 'ObserveCaseEvent' as const,
  data: { eventType, at, policy },
});
const started = (kind: string, dueAt: string) =>
  storedEvent('SlaClockStarted', { clockId: `${kind}#1`, clockKind: kind, startedAt: receivedAt.toISOString(), dueAt, targetMinutes: 10, policyVersion: policy.version });

describe('clock decider', () => {
  it('starts the forward and resolve clocks at receivedAt with the policy targets', () => {
    spec([])
      .when(observe('ComplaintRegistered', receivedAt))
      .then([
        {
          type: 'SlaClockStarted',
          data: { clockId: 'forward-to-responsible#1', clockKind: 'forward-to-responsible', startedAt: receivedAt.toISOString(), dueAt: '2026-11-23T02:10:00.000Z', targetMinutes: 10, policyVersion: policy.version },
          occurredAt: receivedAt.toISOString(),
        },
        {
          type: 'SlaClockStarted',
          data: { clockId: 'resolve-general#1', clockKind: 'resolve-general', startedAt: receivedAt.toISOString(), dueAt: '2026-11-26T02:00:00.000Z', targetMinutes: 3 * 24 * 60, policyVersion: policy.version },
          occurredAt: receivedAt.toISOString(),
        },
      ]);
  });

  it('meets the forward clock on routing, on time or late', () => {
    const given = [started('forward-to-responsible', '2026-11-23T02:10:00.000Z'), started('resolve-general', '2026-11-26T02:00:00.000Z')];
    const onTime = new Date('2026-11-23T02:09:59.000Z');
    spec(given)
      .when(observe('CaseRouted', onTime))
      .then([
        { type: 'SlaClockMet', data: { clockId: 'forward-to-responsible#1', clockKind: 'forward-to-responsible', metAt: onTime.toISOString(), withinTarget: true }, occurredAt: onTime.toISOString() },
      ]);
    const late = new Date('2026-11-23T02:10:01.000Z');
    spec(given)
      .when(observe('CaseRouted', late))
      .then([
        { type: 'SlaClockMet', data: { clockId: 'forward-to-responsible#1', clockKind: 'forward-to-responsible', metAt: late.toISOString(), withinTarget: false }, occurredAt: late.toISOString() },
      ]);
  });

  it('starts no clock twice when registration is observed again', () => {
    spec([started('forward-to-responsible', '2026-11-23T02:10:00.000Z'), started('resolve-general', '2026-11-26T02:00:00.000Z')])
      .when(observe('ComplaintRegistered', receivedAt))
      .then([]);
  });

  it('does not restart a clock that was already met', () => {
    spec([
      started('forward-to-responsible', '2026-11-23T02:10:00.000Z'),
      storedEvent('SlaClockMet', { clockId: 'forward-to-responsible#1', clockKind: 'forward-to-responsible', metAt: receivedAt.toISOString(), withinTarget: true }),
    ])
      .when(observe('CaseRouted', receivedAt))
      .then([]);
  });
});
