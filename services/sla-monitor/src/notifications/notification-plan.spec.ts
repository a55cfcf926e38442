import { SAMPLE_GROUP_POLICY, type NotificationPolicy } from '@mallcare/policy';
import { optOutKey, outgoingOfClockNotification, plannedDeliveries, type OutgoingNotification } from './notification-plan';

const policy = SAMPLE_GROUP_POLICY.notifications as NotificationPolicy;
const now = new Date('2026-12-02T02:00:00Z');

const present = (outgoing: OutgoingNotification | null): OutgoingNotification => {
  if (!outgoing) throw new Error('expected a notification');
  return outgoing;
};

const escalation = (staffId: string | null, rung: string, reason = 'breached', notice?: string) => ({
  key: `c1:business-affected#1:step-0:${staffId ?? rung}`,
  complaintId: 'c1',
  mallId: 'SH01',
  staffId,
  rung,
  subject: 's',
  body: { reason, notice, escalatedAt: '2026-12-02T01:59:00.000Z', dueAt: '2026-12-02T01:00:00.000Z', clockKind: 'business-affected', step: 0, notified: [] },
});

describe('notification plan', () => {
  it('reads a clock decision as its kind: escalation, collective or major notice, warning', () => {
    const facts = { collective: false, departmentId: 'operations' };
    expect(outgoingOfClockNotification(escalation('sh01-director', 'director'), facts, now)).toMatchObject({ kind: 'escalation', decisionKey: 'c1:business-affected#1:step-0', decidedAt: '2026-12-02T01:59:00.000Z' });
    expect(outgoingOfClockNotification(escalation('sh01-gm', 'mall-gm', 'notice', 'major-or-collective'), { ...facts, collective: true }, now)?.kind).toBe('collective');
    expect(outgoingOfClockNotification(escalation('sh01-gm', 'mall-gm', 'notice', 'major-or-collective'), facts, now)?.kind).toBe('major-notice');
    expect(outgoingOfClockNotification({ ...escalation('h', 'handler', 'x'), body: { percent: 75, warnedAt: 'w' } }, facts, now)?.kind).toBe('warning');
  });

  it('plans each personal channel and each robot once per decision; nothing personal for a rung nobody holds', () => {
    const outgoing = outgoingOfClockNotification(escalation('sh01-director', 'director'), { collective: false, departmentId: 'operations' }, now);
    const keys = plannedDeliveries(policy, present(outgoing), new Set()).map((delivery) => delivery.deliveryKey);
    expect(keys).toEqual([
      'c1:business-affected#1:step-0:sh01-director:inbox',
      'c1:business-affected#1:step-0:sh01-director:email',
      'c1:business-affected#1:step-0:sh01-director:sms',
      'c1:business-affected#1:step-0:robot:sh01-duty-wecom',
      'c1:business-affected#1:step-0:robot:sh01-duty-dingtalk',
    ]);
    const nobody = outgoingOfClockNotification(escalation(null, 'director'), { collective: false, departmentId: null }, now);
    expect(plannedDeliveries(policy, present(nobody), new Set()).map((delivery) => delivery.channel)).toEqual(['wecom', 'dingtalk']);
  });

  it('honours an opt-out of e-mail where allowed, and ignores one of a mandatory notice', () => {
    const warning = { ...present(outgoingOfClockNotification(escalation('h1', 'handler'), { collective: false, departmentId: null }, now)), kind: 'warning' as const };
    expect(plannedDeliveries(policy, warning, new Set([optOutKey('warning', 'email')])).map((delivery) => delivery.channel)).toEqual(['inbox']);
    const major = { ...warning, kind: 'major-notice' as const, rung: 'mall-gm' as const };
    expect(plannedDeliveries(policy, major, new Set([optOutKey('major-notice', 'email')])).map((delivery) => delivery.channel)).toContain('email');
  });
});
