import { randomBytes } from 'node:crypto';
import { customerStatusOf, hashLookupCode, LOOKUP_CODE_PATTERN, lookupCodeFor, lookupCodeKey, lookupCodeMatches } from './case-status';

describe('customer status lookup', () => {
  const key = lookupCodeKey(randomBytes(32));
  const id = '4b0c7f52-2f7e-4f0e-9a1c-0d8a3e6b5c21';

  it('derives one 8-character code per case, stores only its hash, and compares it in constant time', () => {
    const code = lookupCodeFor(key, id);
    expect(code).toMatch(LOOKUP_CODE_PATTERN);
    expect(lookupCodeFor(key, id)).toBe(code);
    expect(lookupCodeFor(key, '5b0c7f52-2f7e-4f0e-9a1c-0d8a3e6b5c21')).not.toBe(code);
    expect(lookupCodeFor(lookupCodeKey(randomBytes(32)), id)).not.toBe(code);
    const stored = hashLookupCode(id, code);
    expect(stored.toString('hex')).not.toContain(Buffer.from(code).toString('hex'));
    expect(lookupCodeMatches(stored, id, code)).toBe(true);
    expect(lookupCodeMatches(stored, id, code.toLowerCase())).toBe(true);
    expect(lookupCodeMatches(stored, id, 'AAAAAAAA')).toBe(false);
  });

  it('tells the stage and the result, and nothing of who did it or internal notes', () => {
    const status = customerStatusOf({ caseNumber: 'SH01-20261123-0001', kind: 'complaint', category: 'engineering-equipment', receivedAt: '2026-11-23T01:00:00.000Z' }, [
      { eventType: 'ComplaintRegistered', occurredAt: '2026-11-23T01:00:00.000Z', data: { description: 'x', channelDetails: { recordedBy: 'sh01-desk-1' } } },
      { eventType: 'CaseRouted', occurredAt: '2026-11-23T01:01:00.000Z', data: { owningDepartmentId: 'operations' } },
      { eventType: 'CaseAssigned', occurredAt: '2026-11-23T01:01:00.000Z', data: { staffId: 'sh01-engineering-1' } },
      { eventType: 'CaseProgressNoted', occurredAt: '2026-11-23T02:00:00.000Z', data: { note: '内部：供应商拖延 / internal: supplier late' } },
      { eventType: 'CaseResolved', occurredAt: '2026-11-23T03:00:00.000Z', data: { actionTaken: 'internal', customerToldWhat: '已修复 / fixed' } },
      { eventType: 'CaseReopened', occurredAt: '2026-11-24T03:00:00.000Z', data: { reason: 'callback: dissatisfied' } },
      { eventType: 'CaseResolved', occurredAt: '2026-11-24T05:00:00.000Z', data: { actionTaken: 'internal', customerToldWhat: '已更换 / replaced' } },
      { eventType: 'CaseClosed', occurredAt: '2026-11-24T06:00:00.000Z', data: { closedBecause: 'satisfied' } },
    ]);
    expect(status).toEqual({
      caseNumber: 'SH01-20261123-0001',
      kind: 'complaint',
      category: 'engineering-equipment',
      receivedAt: '2026-11-23T01:00:00.000Z',
      stage: 'closed',
      stages: [
        { stage: 'registered', at: '2026-11-23T01:00:00.000Z' },
        { stage: 'in-handling', at: '2026-11-23T01:01:00.000Z' },
        { stage: 'resolved', at: '2026-11-23T03:00:00.000Z' },
        { stage: 'reopened', at: '2026-11-24T03:00:00.000Z' },
        { stage: 'resolved', at: '2026-11-24T05:00:00.000Z' },
        { stage: 'closed', at: '2026-11-24T06:00:00.000Z' },
      ],
      result: { toldCustomer: '已更换 / replaced', resolvedAt: '2026-11-24T05:00:00.000Z', closedAt: '2026-11-24T06:00:00.000Z', closedBecause: 'satisfied' },
    });
    expect(JSON.stringify(status)).not.toMatch(/sh01-|internal|供应商/);
  });
});
