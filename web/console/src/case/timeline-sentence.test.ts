import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../api/views';
import { i18n } from '../i18n';
import { inShownOrder, sentenceOf } from './timeline-sentence';

describe('the timeline in words', () => {
  it('names every rung an escalation told, HQ included, in Chinese', () => {
    const t = i18n.getFixedT('zh-CN');
    const sentence = sentenceOf(
      {
        eventId: 'e1',
        type: 'SlaEscalated',
        service: 'sla-monitor',
        occurredAt: '2026-12-02T11:50:29.000Z',
        recordedAt: '2026-12-02T11:50:29.000Z',
        actor: { type: 'system', id: 'sla-monitor' },
        data: {
          clockKind: 'business-affected',
          notified: [
            { rung: 'mall-gm', staffId: 'sh01-gm' },
            { rung: 'group-hq', staffId: 'hq-ops-1' },
          ],
        },
      },
      t,
    );
    expect(sentence).toContain('商场总经理（sh01-gm）');
    expect(sentence).toContain('集团总部（hq-ops-1）');
    expect(sentence).not.toContain('group-hq');
  });

  it('names people by the staff directory, their id only when it does not know them', () => {
    const t = i18n.getFixedT('zh-CN');
    const names = new Map([['sh01-engineering-mgr', '贺杰'], ['sh01-engineering-1', '钱志强']]);
    const nameOf = (staffId: string) => names.get(staffId) ?? staffId;
    const assigned = sentenceOf(
      {
        eventId: 'e2',
        type: 'CaseAssigned',
        service: 'routing',
        occurredAt: '2026-12-02T11:50:29.000Z',
        recordedAt: '2026-12-02T11:50:29.000Z',
        actor: { type: 'staff', id: 'sh01-engineering-mgr' },
        data: { staffId: 'sh01-engineering-1' },
      },
      t,
      nameOf,
    );
    expect(assigned).toBe('案件指派给 钱志强');
    const accepted = (staffId: string) =>
      sentenceOf({ eventId: 'e3', type: 'CaseAccepted', service: 'routing', occurredAt: '2026-12-02T11:50:29.000Z', recordedAt: '2026-12-02T11:50:29.000Z', actor: { type: 'staff', id: staffId }, data: {} }, t, nameOf);
    expect(accepted('sh01-engineering-mgr')).toBe('贺杰 受理了案件');
    expect(accepted('bj01-engineering-9')).toBe('bj01-engineering-9 受理了案件');
  });

  it('shows the entries in the order of their times, those of one instant in record order', () => {
    const entry = (eventId: string, type: string, occurredAt: string, recordedAt: string): TimelineEntry => ({
      eventId,
      type,
      service: 'sla-monitor',
      occurredAt,
      recordedAt,
      actor: { type: 'system', id: 'mallcare' },
      data: {},
    });
    // Record order, as the log answers: the clocks start at the receipt instant but are recorded after routing's entries.
    const recorded = [
      entry('registered', 'ComplaintRegistered', '2026-12-04T05:41:18.120Z', '2026-12-04T05:41:18.125Z'),
      entry('routed', 'CaseRouted', '2026-12-04T05:41:18.300Z', '2026-12-04T05:41:18.310Z'),
      entry('first-reply', 'SlaClockStarted', '2026-12-04T05:41:17.000Z', '2026-12-04T05:41:18.400Z'),
      entry('resolve', 'SlaClockStarted', '2026-12-04T05:41:17.000Z', '2026-12-04T05:41:18.401Z'),
      entry('accepted', 'CaseAccepted', '2026-12-04T05:42:00.000+08:00', '2026-12-04T05:42:00.000Z'),
    ];
    expect(inShownOrder(recorded).map((each) => each.eventId)).toEqual(['accepted', 'first-reply', 'resolve', 'registered', 'routed']);
    expect(recorded.map((each) => each.eventId)).toEqual(['registered', 'routed', 'first-reply', 'resolve', 'accepted']);
  });
});
