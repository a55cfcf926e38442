import { DEFAULT_GROUP_POLICY } from '@mallcare/policy';
import { deciderSpecification, storedEvent } from '@mallcare/testing';
import { callbackDecider } from './callback.decider';

const spec = deciderSpecification(callbackDecider);
const policy = DEFAULT_GROUP_POLICY;
const resolutionEventId = '7d0c2f36-3f0e-4b0e-8d57-6d3e0c7b9a11';
const schedule = (resolvedAt: Date) => ({
  type: 'ScheduleCallback' as const,
  data: { resolvedAt, owningDepartmentId: 'operations', resolutionEventId, policy },
});

describe('callback decider', () => {
  it('schedules the callback 2 working days after resolution, with the owning department', () => {
    const thursday = new Date('2026-11-19T03:00:00.000Z');
    spec([])
      .when(schedule(thursday))
      .then([
        {
          type: 'CallbackScheduled',
          data: { owningDepartmentId: 'operations', dueAt: '2026-11-23T03:00:00.000Z', policyVersion: policy.version },
          occurredAt: thursday.toISOString(),
        },
      ]);
  });

  it('schedules one callback per resolution, however often the resolution is delivered', () => {
    spec([
      storedEvent('CallbackScheduled', { owningDepartmentId: 'operations', dueAt: '2026-11-25T03:00:00.000Z', policyVersion: policy.version }, { causationId: resolutionEventId }),
    ])
      .when(schedule(new Date('2026-11-23T03:00:00.000Z')))
      .then([]);
  });
});
