import type { Role } from '@mallcare/contracts';
import type { Identity } from '@mallcare/platform';
import { canReadCase, commandsPermitted } from './case-access';
import { caseDecider, HANDLING_COMMANDS, type CaseState } from './case.decider';

const person = (roles: Role[], mallId: string | null, departmentId: string | null): Identity => ({ staffId: 'p', name: 'P', roles, mallId, departmentId });
const engineeringCase: CaseState = {
  ...caseDecider.initialState(),
  status: 'accepted',
  owningDepartmentId: 'operations',
  handlingDepartmentId: 'engineering',
  assistingDepartmentIds: ['security'],
};
const everything = [...HANDLING_COMMANDS];

describe('who may act on a case (roles, department, mall)', () => {
  it('lets the handling department’s handler do everything but approve the written reply', () => {
    expect(commandsPermitted(person(['department-handler'], 'SH01', 'engineering'), 'SH01', engineeringCase)).toEqual(
      everything.filter((command) => command !== 'ApproveWrittenReply'),
    );
  });

  it('lets the handling department’s manager do everything, approval included', () => {
    expect(commandsPermitted(person(['department-manager'], 'SH01', 'engineering'), 'SH01', engineeringCase)).toEqual(everything);
  });

  it.each<Role>(['director', 'mall-gm'])('lets the mall’s %s do everything', (role) => {
    expect(commandsPermitted(person([role], 'SH01', null), 'SH01', engineeringCase)).toEqual(everything);
  });

  it('lets the owning department coordinate: notes, media risk, approval by its manager, reopening', () => {
    expect(commandsPermitted(person(['department-handler'], 'SH01', 'operations'), 'SH01', engineeringCase)).toEqual(['AddProgressNote', 'MarkMediaRisk', 'ReopenCase']);
    expect(commandsPermitted(person(['department-manager'], 'SH01', 'operations'), 'SH01', engineeringCase)).toEqual([
      'AddProgressNote',
      'MarkMediaRisk',
      'ApproveWrittenReply',
      'ReopenCase',
    ]);
  });

  it('lets an assisting department note its progress only', () => {
    expect(commandsPermitted(person(['department-handler'], 'SH01', 'security'), 'SH01', engineeringCase)).toEqual(['AddProgressNote']);
  });

  it('lets nobody else of the mall act: another department, the front desk', () => {
    expect(commandsPermitted(person(['department-manager'], 'SH01', 'marketing'), 'SH01', engineeringCase)).toEqual([]);
    expect(commandsPermitted(person(['front-desk-agent'], 'SH01', 'customer-service'), 'SH01', engineeringCase)).toEqual([]);
  });

  it('lets no one act on another mall’s case, not even its own department or leaders, nor HQ', () => {
    expect(commandsPermitted(person(['department-manager'], 'BJ01', 'engineering'), 'SH01', engineeringCase)).toEqual([]);
    expect(commandsPermitted(person(['mall-gm'], 'BJ01', null), 'SH01', engineeringCase)).toEqual([]);
    expect(commandsPermitted(person(['hq-operations'], null, null), 'SH01', engineeringCase)).toEqual([]);
    expect(commandsPermitted(person(['group-admin'], null, null), 'SH01', engineeringCase)).toEqual([]);
  });

  it('follows the case to its new department after a transfer', () => {
    const transferred: CaseState = { ...engineeringCase, handlingDepartmentId: 'property' };
    expect(commandsPermitted(person(['department-handler'], 'SH01', 'engineering'), 'SH01', transferred)).toEqual([]);
    expect(commandsPermitted(person(['department-handler'], 'SH01', 'property'), 'SH01', transferred)).toContain('AcceptCase');
  });
});

describe('who may read a case', () => {
  it('lets a mall’s staff read their mall’s cases and HQ every mall’s', () => {
    expect(canReadCase(person(['front-desk-agent'], 'SH01', 'customer-service'), 'SH01')).toBe(true);
    expect(canReadCase(person(['department-handler'], 'SH01', 'marketing'), 'SH01')).toBe(true);
    expect(canReadCase(person(['hq-operations'], null, null), 'GZ01')).toBe(true);
    expect(canReadCase(person(['group-admin'], null, null), 'BJ01')).toBe(true);
  });

  it('hides another mall’s cases, and every case from SRE', () => {
    expect(canReadCase(person(['department-manager'], 'BJ01', 'engineering'), 'SH01')).toBe(false);
    expect(canReadCase(person(['sre'], null, null), 'SH01')).toBe(false);
  });
});
