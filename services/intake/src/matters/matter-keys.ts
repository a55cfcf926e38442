/**
 * How registrations are recognised as the same matter or the same tenant. Pure string work, shared by
 * the deciders, the projections that feed them, and the tests.
 */

/** Case, width and punctuation do not make a different matter: "B1-停车场" and "b1 停车场" are one. */
export const normaliseMatterKey = (text: string | undefined | null): string | null => {
  if (text === undefined || text === null) return null;
  const key = text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, ' ').trim();
  return key.length > 0 ? key.slice(0, 200) : null;
};

/** The matter: the agent's explicit subject key if given, else where it happened. */
export const matterKeyOf = (registration: { subjectKey?: string | null; location?: string | null }): string | null =>
  normaliseMatterKey(registration.subjectKey) ?? normaliseMatterKey(registration.location);

export const normaliseTenantUnit = (unit: string): string => unit.normalize('NFKC').toUpperCase().replace(/[\s_]+/g, '').replace(/[－—–]/g, '-');

/**
 * Who counts as one tenant for a collective complaint: the shop unit when given, else the person
 * (subject), else the registration itself (nobody known: it cannot be told apart, so it counts alone).
 */
export const tenantKeyOf = (registration: { tenantUnit?: string | null; complainantSubjectId: string | null; complaintId: string }): string => {
  if (registration.tenantUnit) return `unit:${normaliseTenantUnit(registration.tenantUnit)}`;
  if (registration.complainantSubjectId) return `subject:${registration.complainantSubjectId}`;
  return `registration:${registration.complaintId}`;
};
