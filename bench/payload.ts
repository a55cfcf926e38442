import { randomUUID } from 'node:crypto';
import { CATEGORIES, COMPLAINANT_TYPES, type Category, type ComplainantType } from '@mallcare/contracts';
import { SAMPLE_GROUP_POLICY } from '@mallcare/policy';

/**
 * ComplaintRegistered (version 2) data as intake writes it for a walk-in complaint, as a plain type
 * alias (assignable to the contract class and to a JSON record).
 */
export type RegisteredData = {
  caseNumber: string;
  channel: 'walk-in';
  kind: 'complaint';
  category: Category;
  complainantType: ComplainantType;
  description: string;
  receivedAt: string;
  written: boolean;
  complainantSubjectId: string | null;
  matterKey: string | null;
  channelDetails: { recordedBy: string; place: string };
  attachments: { reference: string; mediaType: string }[];
  policyVersion: string;
};

const DESCRIPTIONS = [
  '3号扶梯停运，顾客被困约五分钟，现场无工作人员 / escalator 3 stopped with a customer on it, no staff nearby for five minutes',
  'B1 food court table area not cleaned for over an hour at lunch time; trays and spilled drinks on several tables near gate C',
  'Tenant at L2-015 reports the shop front sign lighting has been off since Tuesday after the maintenance window; asks for an engineer',
  'Customer bought a jacket on Saturday, the zip broke on first use, the shop refused an exchange and asked for the receipt again',
];

const pick = <T>(values: readonly T[], i: number): T => values[i % values.length];

/** A ComplaintRegistered v2 payload of realistic size (~700 bytes of JSON with its metadata). */
export const registeredData = (i: number, mallId = 'SH01', now = new Date()): RegisteredData => ({
  caseNumber: `${mallId}-20261123-${String(1000 + (i % 9000)).padStart(4, '0')}`,
  channel: 'walk-in',
  kind: 'complaint',
  category: pick(CATEGORIES, i),
  complainantType: pick(COMPLAINANT_TYPES, i),
  description: pick(DESCRIPTIONS, i),
  receivedAt: now.toISOString(),
  written: false,
  complainantSubjectId: randomUUID(),
  matterKey: null,
  channelDetails: { recordedBy: `${mallId.toLowerCase()}-desk-1`, place: '1F 总服务台' },
  attachments: i % 4 === 0 ? [{ reference: `att://${mallId.toLowerCase()}/2026/11/23/${i}.jpg`, mediaType: 'image/jpeg' }] : [],
  policyVersion: SAMPLE_GROUP_POLICY.version,
});

/**
 * Body of POST /complaints (RegisterComplaintDto): a walk-in complaint with no contact details, no
 * location and no tenant unit, so that each one opens its own case (no repeat linking, no
 * collective matter) and is routed.
 */
export const registerComplaintBody = (i: number, mallId: string): Record<string, string> => {
  const data = registeredData(i, mallId);
  return {
    mallId,
    channel: data.channel,
    kind: data.kind,
    category: data.category,
    complainantType: data.complainantType,
    description: data.description,
    place: data.channelDetails.place,
  };
};
