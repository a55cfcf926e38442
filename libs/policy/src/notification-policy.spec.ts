import { backoffSeconds, channelsFor, DEFAULT_NOTIFICATION_POLICY, mayOptOut, robotsFor, type NotificationPolicy } from './notification-policy';
import { SAMPLE_GROUP_POLICY, validateGroupPolicy } from './group-policy';

const sample = SAMPLE_GROUP_POLICY.notifications as NotificationPolicy;

describe('notification policy', () => {
  it('gives the channels of every rule matching a kind and rung', () => {
    expect(channelsFor(sample, 'escalation', 'department-manager')).toEqual(['inbox', 'email']);
    expect(channelsFor(sample, 'escalation', 'group-hq')).toEqual(['inbox', 'email', 'sms', 'wecom', 'dingtalk']);
    expect(channelsFor(sample, 'warning', 'handler')).toEqual(['inbox', 'email']);
  });

  it('picks the mall’s robots, and a department’s only for its department and kinds', () => {
    const ids = (departmentId: string | null, kind: 'callback-due' | 'escalation') =>
      robotsFor(sample, { kind, rung: 'department-manager', mallId: 'SH01', departmentId }).map((robot) => robot.id);
    expect(ids('customer-service', 'callback-due')).toEqual(['sh01-duty-wecom', 'sh01-duty-dingtalk', 'sh01-customer-service-dingtalk']);
    expect(ids('engineering', 'callback-due')).toEqual(['sh01-duty-wecom', 'sh01-duty-dingtalk']);
    expect(robotsFor(sample, { kind: 'escalation', rung: 'director', mallId: 'BJ01', departmentId: null })).toEqual([]);
  });

  it('never lets anyone opt out of major/critical or collective notices, even if a policy lists them', () => {
    expect(mayOptOut(sample, 'warning')).toBe(true);
    expect(mayOptOut({ ...sample, optOutAllowed: ['major-notice', 'collective'] }, 'major-notice')).toBe(false);
    expect(mayOptOut(sample, 'escalation')).toBe(false);
  });

  it('backs off exponentially up to its cap', () => {
    const delivery = DEFAULT_NOTIFICATION_POLICY.delivery;
    expect([1, 2, 3, 4].map((attempt) => backoffSeconds(delivery, attempt))).toEqual([30, 60, 120, 240]);
    expect(backoffSeconds(delivery, 20)).toBe(3600);
  });

  it('accepts the sample and names each problem of a broken one by field', () => {
    expect(validateGroupPolicy(SAMPLE_GROUP_POLICY)).toEqual([]);
    const broken = {
      ...SAMPLE_GROUP_POLICY,
      notifications: {
        rules: [{ kinds: ['escalation'], channels: ['fax'] }],
        optOutAllowed: ['major-notice'],
        robots: [{ id: 'x', channel: 'wecom', mallId: 'XX01' }],
        delivery: { ...DEFAULT_NOTIFICATION_POLICY.delivery, maxAttempts: 0, leaseSeconds: 5 },
      },
    } as unknown as typeof SAMPLE_GROUP_POLICY;
    expect(validateGroupPolicy(broken).map((problem) => problem.field)).toEqual([
      'notifications.rules.0.channels',
      'notifications.optOutAllowed',
      'notifications.robots.0.mallId',
      'notifications.delivery.maxAttempts',
      'notifications.delivery.leaseSeconds',
    ]);
  });
});
