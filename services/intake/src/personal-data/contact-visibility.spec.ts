import type { Identity } from '@mallcare/platform';
import { contactView, ERASED, mayReadContact } from './contact-visibility';

const staff = (roles: Identity['roles'], departmentId: string | null = null, mallId: string | null = 'SH01'): Identity => ({ staffId: 's', name: 'n', roles, mallId, departmentId });
const routed = { owningDepartmentId: 'operations', handlingDepartmentId: 'engineering' };
const stored = { subjectId: 'subject-1', erased: false, erasedAt: null, fields: { name: '张三', phone: '13812345678', email: 'zhang.san@example.com', peopleInvolved: '收银员' } };

describe('who reads a complainant’s contact in clear', () => {
  it.each([
    ['the front desk', staff(['front-desk-agent'], 'customer-service'), true],
    ['a handler of the handling department', staff(['department-handler'], 'engineering'), true],
    ['the manager of the owning department (callback)', staff(['department-manager'], 'operations'), true],
    ['customer service (callbacks)', staff(['department-handler'], 'customer-service'), true],
    ['a handler of another department', staff(['department-handler'], 'marketing'), false],
    ['the mall GM', staff(['mall-gm']), false],
    ['a director', staff(['director']), false],
    ['HQ operations', staff(['hq-operations'], null, null), false],
    ['the group admin', staff(['group-admin'], null, null), false],
  ])('%s: %p', (_who, identity, expected) => {
    expect(mayReadContact(identity, routed)).toBe(expected);
  });

  it('before routing only the desk and customer service read it', () => {
    expect(mayReadContact(staff(['department-handler'], 'engineering'), { owningDepartmentId: null, handlingDepartmentId: null })).toBe(false);
    expect(mayReadContact(staff(['department-handler'], 'customer-service'), { owningDepartmentId: null, handlingDepartmentId: null })).toBe(true);
  });
});

describe('the contact as shown', () => {
  it('in clear, masked, or erased', () => {
    expect(contactView(stored, true)).toEqual({ subjectId: 'subject-1', visibility: 'full', ...stored.fields });
    expect(contactView(stored, false)).toEqual({ subjectId: 'subject-1', visibility: 'masked', name: '张*', phone: '138****5678', email: 'z***@example.com', peopleInvolved: '***' });
    expect(contactView({ subjectId: 'subject-1', erased: true, erasedAt: '2026-11-23T00:00:00.000Z', fields: {} }, true)).toMatchObject({ visibility: 'erased', name: ERASED, phone: ERASED });
    expect(contactView(null, true)).toBeNull();
  });
});
