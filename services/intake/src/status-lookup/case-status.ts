import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** Letters and digits a customer reads off a receipt without confusing 0/O or 1/I. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const LOOKUP_CODE_LENGTH = 8;
export const LOOKUP_CODE_PATTERN = /^[2-9A-HJ-NP-Z]{8}$/;

/** The key the lookup codes are derived with, itself derived from intake's keys (HKDF, its own purpose). */
export const lookupCodeKey = (base: Buffer): Buffer => Buffer.from(hkdfSync('sha256', base, 'mallcare-intake', 'case status lookup code', 32));

/**
 * The code printed for the customer at registration: derived from the case id with intake's key, so a
 * replayed registration answers the same code, and only its hash is stored.
 */
export const lookupCodeFor = (key: Buffer, complaintId: string): string => {
  const digest = createHmac('sha256', key).update(complaintId).digest();
  return Array.from(digest.subarray(0, LOOKUP_CODE_LENGTH), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
};

export const hashLookupCode = (complaintId: string, code: string): Buffer => createHash('sha256').update(`${complaintId}:${code}`).digest();

/** Constant-time: how much of a wrong code matched must not show in the answer time. */
export const lookupCodeMatches = (stored: Buffer, complaintId: string, code: string): boolean => {
  const given = hashLookupCode(complaintId, code.toUpperCase());
  return stored.length === given.length && timingSafeEqual(stored, given);
};

/** What a customer may be told (DOMAIN §10): the stage and the result, never staff names or internal notes. */
export const CUSTOMER_STAGES = ['registered', 'answered', 'in-handling', 'resolved', 'reopened', 'closed'] as const;
export type CustomerStage = (typeof CUSTOMER_STAGES)[number];

const STAGE_OF: Record<string, CustomerStage> = {
  ComplaintRegistered: 'registered',
  InquiryAnswered: 'answered',
  CaseRouted: 'in-handling',
  CaseResolved: 'resolved',
  CaseReopened: 'reopened',
  CaseClosed: 'closed',
};

export interface CustomerCaseStatus {
  caseNumber: string;
  kind: string;
  category: string;
  receivedAt: string;
  stage: CustomerStage;
  /** Each stage the case reached, when (a reopened case passes some twice). */
  stages: { stage: CustomerStage; at: string }[];
  result: { toldCustomer: string | null; resolvedAt: string | null; closedAt: string | null; closedBecause: string | null };
}

export interface TimelineFact {
  eventType: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** Folds the case's timeline into what the customer sees; everything else on it stays inside. */
export const customerStatusOf = (registration: { caseNumber: string; kind: string; category: string; receivedAt: string }, timeline: TimelineFact[]): CustomerCaseStatus => {
  const stages: { stage: CustomerStage; at: string }[] = [];
  const result: CustomerCaseStatus['result'] = { toldCustomer: null, resolvedAt: null, closedAt: null, closedBecause: null };
  for (const fact of timeline) {
    const stage = STAGE_OF[fact.eventType];
    if (!stage) continue;
    if (stages[stages.length - 1]?.stage !== stage) stages.push({ stage, at: fact.occurredAt });
    if (fact.eventType === 'CaseResolved') {
      result.toldCustomer = typeof fact.data.customerToldWhat === 'string' ? fact.data.customerToldWhat : null;
      result.resolvedAt = fact.occurredAt;
      result.closedAt = null;
      result.closedBecause = null;
    }
    if (fact.eventType === 'CaseClosed') {
      result.closedAt = fact.occurredAt;
      result.closedBecause = typeof fact.data.closedBecause === 'string' ? fact.data.closedBecause : null;
    }
  }
  if (stages.length === 0) stages.push({ stage: 'registered', at: registration.receivedAt });
  return { ...registration, stage: stages[stages.length - 1].stage, stages, result };
};
