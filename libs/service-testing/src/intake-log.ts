import { randomUUID } from 'node:crypto';
import type { CollectiveComplaintRaisedV1, ComplaintRegisteredV3 } from '@mallcare/contracts';
import { SAMPLE_GROUP_POLICY } from '@mallcare/policy';
import type { ServiceUnderTest } from './service-under-test';

/** The mall's front desk, who registers walk-in complaints in these tests. */
export const deskOf = (mallId: string): string => `${mallId.toLowerCase()}-desk-1`;

/** A case number as intake gives it: mall, day, sequence number of the day. */
export const caseNumberOf = (mallId: string, day: string, seq: number, digits = 4): string => `${mallId}-${day}-${String(seq).padStart(digits, '0')}`;

/** A stopped escalator, reported at the mall's service desk. */
export const ESCALATOR_STOPPED = {
  category: 'engineering-equipment',
  description: '3号扶梯突然停止 / escalator 3 stopped suddenly',
} as const satisfies Partial<ComplaintRegisteredV3>;

/** Water in front of a shop. */
export const WATER_AT_SHOP = {
  category: 'property-management',
  description: '店铺门前积水，影响营业 / water in front of the shop',
} as const satisfies Partial<ComplaintRegisteredV3>;

/** A consumer's walk-in complaint as intake logs its registration; `data` says what differs (the case number at least). */
export const walkInRegistration = (mallId: string, data: Partial<ComplaintRegisteredV3> & Pick<ComplaintRegisteredV3, 'caseNumber'>): ComplaintRegisteredV3 => ({
  channel: 'walk-in',
  kind: 'complaint',
  ...ESCALATOR_STOPPED,
  complainantType: 'consumer',
  receivedAt: new Date().toISOString(),
  written: false,
  complainantSubjectId: null,
  matterKey: null,
  channelDetails: { recordedBy: deskOf(mallId) },
  attachments: [],
  policyVersion: SAMPLE_GROUP_POLICY.version,
  ...data,
});

/** The collective case intake raises now over tenants' registrations of one matter (the policy's five distinct tenants in two hours). */
export const tenantsCollective = (
  data: Pick<CollectiveComplaintRaisedV1, 'caseNumber' | 'category' | 'matterKey' | 'description' | 'receivedAt' | 'members'>,
): CollectiveComplaintRaisedV1 => ({
  complainantType: 'street-shop-tenant',
  detectedAt: new Date().toISOString(),
  trigger: 'distinct-tenants',
  distinctTenants: data.members.length,
  written: false,
  windowMinutes: 120,
  minDistinctTenants: 5,
  policyVersion: SAMPLE_GROUP_POLICY.version,
  ...data,
});

/** Appends a registration to intake's log as intake does (a new complaint stream, by the mall's desk); the complaint's id. */
export const logRegistration = async (service: ServiceUnderTest, mallId: string, registered: ComplaintRegisteredV3, complaintId = randomUUID()): Promise<string> => {
  await service.append('intake', `complaint-${complaintId}`, [{ type: 'ComplaintRegistered', data: registered }], {
    complaintId,
    mallId,
    actor: { type: 'staff', id: deskOf(mallId) },
    expectedVersion: 0,
  });
  return complaintId;
};
