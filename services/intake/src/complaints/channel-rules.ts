import type { Channel, ChannelDetailsV1 } from '@mallcare/contracts';

/** Kinds of contact a registration may carry; their values live only in the personal-data store. */
export const CONTACT_KINDS = ['name', 'phone', 'email', 'address', 'account'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export type ChannelDetail = keyof ChannelDetailsV1;

export interface ChannelRule {
  /** Channel facts that must be recorded (DOMAIN §3). */
  details: ChannelDetail[];
  /** Contacts the channel cannot do without (a phone call is called back, a letter answered by post). */
  contacts: ContactKind[];
  /** Where it happened must be known (a patrol reports a place). */
  location: boolean;
  /** A written complaint needs a leader-approved written reply (000 §4.9). */
  written: boolean;
}

const rule = (partial: Partial<ChannelRule>): ChannelRule => ({ details: [], contacts: [], location: false, written: false, ...partial });

/** What each intake channel must record; the DTO's field errors and the decider both read this table. */
export const CHANNEL_RULES: Record<Channel, ChannelRule> = {
  'walk-in': rule({ details: ['recordedBy', 'place'] }),
  phone: rule({ contacts: ['phone'] }),
  letter: rule({ contacts: ['address'], written: true }),
  email: rule({ contacts: ['email'] }),
  website: rule({ details: ['submissionReference'] }),
  'mobile-app': rule({ details: ['submissionReference'] }),
  wechat: rule({ contacts: ['account'] }),
  'social-media': rule({ details: ['platform'] }),
  'gm-mailbox': rule({ written: true }),
  'government-referral': rule({ details: ['governmentBody'] }),
  media: rule({ details: ['mediaOutlet'] }),
  'staff-patrol': rule({ details: ['recordedBy'], location: true }),
};

/** Which channel facts each channel keeps; others given with the request are not recorded on the event. */
export const CHANNEL_DETAILS_KEPT: Record<Channel, ChannelDetail[]> = {
  'walk-in': ['recordedBy', 'place'],
  phone: ['recordedBy'],
  letter: ['recordedBy', 'referenceNumber'],
  email: ['recordedBy', 'submissionReference'],
  website: ['recordedBy', 'submissionReference'],
  'mobile-app': ['recordedBy', 'submissionReference'],
  wechat: ['recordedBy', 'submissionReference'],
  'social-media': ['recordedBy', 'platform'],
  'gm-mailbox': ['recordedBy', 'referenceNumber'],
  'government-referral': ['recordedBy', 'governmentBody', 'referenceNumber'],
  media: ['recordedBy', 'mediaOutlet'],
  'staff-patrol': ['recordedBy'],
};

export const channelRequiresDetail = (channel: Channel | undefined, detail: ChannelDetail): boolean =>
  channel !== undefined && CHANNEL_RULES[channel]?.details.includes(detail) === true;

export const channelRequiresContact = (channel: Channel | undefined, contact: ContactKind): boolean =>
  channel !== undefined && CHANNEL_RULES[channel]?.contacts.includes(contact) === true;

export const channelRequiresLocation = (channel: Channel | undefined): boolean => channel !== undefined && CHANNEL_RULES[channel]?.location === true;
