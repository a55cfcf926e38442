/** Intake's vocabulary (libs/contracts) as the desk offers it. */
export const CHANNELS = ['walk-in', 'phone', 'letter', 'email', 'website', 'mobile-app', 'wechat', 'social-media', 'gm-mailbox', 'government-referral', 'media', 'staff-patrol'] as const;
export type Channel = (typeof CHANNELS)[number];
export const KINDS = ['complaint', 'inquiry', 'request', 'suggestion'] as const;
export const CATEGORIES = ['product-quality', 'service-attitude', 'environment-facilities', 'property-management', 'engineering-equipment', 'safety-incident', 'marketing-events', 'other'] as const;
export const COMPLAINANT_TYPES = ['consumer', 'street-shop-tenant', 'anchor-store', 'investor', 'other'] as const;

export type ChannelField =
  | 'place'
  | 'governmentBody'
  | 'referenceNumber'
  | 'mediaOutlet'
  | 'platform'
  | 'submissionReference'
  | 'contactPhone'
  | 'contactEmail'
  | 'contactAddress'
  | 'contactAccount'
  | 'location';

/**
 * The facts each channel records, the first `required` of them required by intake's channel rules
 * (services/intake/src/complaints/channel-rules.ts). Only which inputs to show and mark: intake checks.
 */
export const CHANNEL_FIELDS: Record<Channel, { required: ChannelField[]; optional: ChannelField[] }> = {
  'walk-in': { required: ['place'], optional: ['contactPhone'] },
  phone: { required: ['contactPhone'], optional: [] },
  letter: { required: ['contactAddress'], optional: ['referenceNumber', 'contactPhone'] },
  email: { required: ['contactEmail'], optional: ['submissionReference'] },
  website: { required: ['submissionReference'], optional: ['contactPhone', 'contactEmail'] },
  'mobile-app': { required: ['submissionReference'], optional: ['contactPhone'] },
  wechat: { required: ['contactAccount'], optional: ['submissionReference', 'contactPhone'] },
  'social-media': { required: ['platform'], optional: ['contactAccount'] },
  'gm-mailbox': { required: [], optional: ['referenceNumber', 'contactPhone', 'contactAddress'] },
  'government-referral': { required: ['governmentBody'], optional: ['referenceNumber', 'contactPhone'] },
  media: { required: ['mediaOutlet'], optional: ['contactPhone'] },
  'staff-patrol': { required: ['location'], optional: [] },
};

/** Tenants complain about their business; the unit tells tenants apart for a collective complaint. */
export const isTenant = (complainantType: string | undefined): boolean => complainantType === 'street-shop-tenant' || complainantType === 'anchor-store';
