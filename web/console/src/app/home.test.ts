import { describe, expect, it } from 'vitest';
import type { Identity } from '../api/views';
import { homeOf } from './StaffLayout';

const person = (roles: Identity['roles'], mallId: string | null = 'SH01'): Identity => ({ staffId: 'x', name: 'x', roles, mallId, departmentId: null });

describe('where a person starts', () => {
  it('the desk for the front desk, the queue for departments, their own screens for GMs and HQ; never the case library', () => {
    expect(homeOf(person(['front-desk-agent']))).toBe('/desk');
    expect(homeOf(person(['department-handler']))).toBe('/queue');
    expect(homeOf(person(['department-manager']))).toBe('/queue');
    expect(homeOf(person(['mall-gm']))).toBe('/today');
    expect(homeOf(person(['hq-operations'], null))).toBe('/hq/rollup');
  });
});
