/** The domain's fixed vocabulary (DOMAIN §2–§3). Departments and malls are data, not listed here. */
export const CHANNELS = [
  'walk-in',
  'phone',
  'letter',
  'email',
  'website',
  'mobile-app',
  'wechat',
  'social-media',
  'gm-mailbox',
  'government-referral',
  'media',
  'staff-patrol',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const COMPLAINT_KINDS = ['inquiry', 'complaint', 'request', 'suggestion'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

export const CATEGORIES = [
  'product-quality',
  'service-attitude',
  'environment-facilities',
  'property-management',
  'engineering-equipment',
  'safety-incident',
  'marketing-events',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const COMPLAINANT_TYPES = [
  'consumer',
  'street-shop-tenant',
  'anchor-store',
  'investor',
  'other',
] as const;
export type ComplainantType = (typeof COMPLAINANT_TYPES)[number];

export const ACTOR_TYPES = ['staff', 'system', 'customer'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** Staff roles (DOMAIN §1); what each may do is checked by the services, which malls by the identity. */
export const ROLES = [
  'front-desk-agent',
  'department-handler',
  'department-manager',
  'director',
  'mall-gm',
  'hq-operations',
  'group-admin',
  'sre',
] as const;
export type Role = (typeof ROLES)[number];
