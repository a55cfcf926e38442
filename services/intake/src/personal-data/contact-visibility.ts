import type { Identity } from '@mallcare/platform';
import { maskEmail, maskName, maskPhone, maskText } from './personal-data.crypto';
import type { PersonalData, StoredPersonalData } from './personal-data.store';

/** The department that calls customers back and supervises every case (DOMAIN §5, §8). */
export const CUSTOMER_SERVICE_DEPARTMENT = 'customer-service';

export interface CaseDepartments {
  owningDepartmentId: string | null;
  handlingDepartmentId: string | null;
}

/**
 * Who needs a complainant's name and phone in clear (DOMAIN §10: "show phone numbers masked to those
 * who do not need them"): the front desk that talks to them; handlers and managers of the case's
 * handling department (they may need to ask), of its owning department (it calls back, DOMAIN §2) and
 * of customer service (callbacks). Directors, GMs and HQ read cases to supervise: masked.
 * The mall itself is checked before this.
 */
export const mayReadContact = (identity: Identity, departments: CaseDepartments): boolean => {
  if (identity.roles.includes('front-desk-agent')) return true;
  const departmentStaff = identity.roles.includes('department-handler') || identity.roles.includes('department-manager');
  if (!departmentStaff || identity.departmentId === null) return false;
  return [departments.handlingDepartmentId, departments.owningDepartmentId, CUSTOMER_SERVICE_DEPARTMENT].includes(identity.departmentId);
};

export const ERASED = '[erased]';

export type ContactView = { subjectId: string; visibility: 'full' | 'masked' | 'erased' } & Partial<Record<keyof PersonalData, string>>;

export const contactView = (stored: StoredPersonalData | null, full: boolean): ContactView | null => {
  if (!stored) return null;
  const { subjectId, fields } = stored;
  if (stored.erased) return { subjectId, visibility: 'erased', name: ERASED, phone: ERASED, email: ERASED, address: ERASED, account: ERASED, peopleInvolved: ERASED };
  if (full) return { subjectId, visibility: 'full', ...fields };
  const masked: ContactView = { subjectId, visibility: 'masked' };
  if (fields.name !== undefined) masked.name = maskName(fields.name);
  if (fields.phone !== undefined) masked.phone = maskPhone(fields.phone);
  if (fields.email !== undefined) masked.email = maskEmail(fields.email);
  if (fields.address !== undefined) masked.address = maskText(fields.address);
  if (fields.account !== undefined) masked.account = maskText(fields.account);
  if (fields.peopleInvolved !== undefined) masked.peopleInvolved = maskText(fields.peopleInvolved);
  return masked;
};
