import { foldStream } from '@mallcare/event-store';
import type { CaseClosed, ComplaintEvent } from '@mallcare/contracts';
import { storedEvent } from '@mallcare/testing';
import { withClosures } from './case-closures';
import { caseDecider } from './case.decider';

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 23, 2, minute)).toISOString();
const own = (type: 'CaseResolved' | 'CaseReopened', minute: number, streamPosition: number): ComplaintEvent =>
  storedEvent(
    type,
    type === 'CaseResolved'
      ? { actionTaken: 'fixed', customerToldWhat: 'told', owningDepartmentId: 'operations', handlingDepartmentId: 'engineering' }
      : { reason: 'the GM asked' },
    { recordedAt: at(minute), occurredAt: at(minute), streamPosition },
  ) as ComplaintEvent;
const closure = (minute: number): CaseClosed =>
  storedEvent('CaseClosed', { closedBecause: 'satisfied', satisfaction: 'satisfied', policyVersion: 'r1' }, { recordedAt: at(minute), occurredAt: at(minute) }) as CaseClosed;

describe('routing folds callback’s closures in record order (issue 11 item 9)', () => {
  it('places each closure after the own events recorded before it', () => {
    const merged = withClosures([own('CaseResolved', 1, 1), own('CaseReopened', 5, 2)], [closure(3)]);
    expect(merged.map((event) => event.type)).toEqual(['CaseResolved', 'CaseClosed', 'CaseReopened']);
    expect(foldStream(caseDecider, merged).status).toBe('reopened');
  });

  it('closes a resolved case whose closure came last', () => {
    const merged = withClosures([own('CaseResolved', 1, 1)], [closure(3)]);
    expect(foldStream(caseDecider, merged).status).toBe('closed');
  });
});
