import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { sentenceOf } from './timeline-sentence';

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
});
