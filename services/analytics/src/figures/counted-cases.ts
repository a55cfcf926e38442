import type { CaseRecord } from './case-record';

/**
 * DOMAIN §9: a collective complaint is one matter and counts once in every figure. The collective
 * case intake raised is that matter; a registration that joined it is part of it, not a case of its
 * own. The collective has no channel of its own: it counts under the channel its matter first
 * reached the mall by, its earliest member's (receivedAt, then case number).
 */
export const isCountedCase = (record: Pick<CaseRecord, 'collectiveCaseNumber'>): boolean => record.collectiveCaseNumber === null;

const isEarlier = (a: CaseRecord, b: CaseRecord): boolean => {
  const difference = Date.parse(a.receivedAt) - Date.parse(b.receivedAt);
  return difference < 0 || (difference === 0 && a.caseNumber < b.caseNumber);
};

/**
 * The cases every figure counts, out of one mall-period's records: members of a collective left out,
 * each collective with its earliest member's channel. A collective's first member shares its
 * receivedAt, so it is among the records of the collective's own period.
 */
export const countedCases = (records: readonly CaseRecord[]): CaseRecord[] => {
  const firstMembers = new Map<string, CaseRecord>();
  for (const record of records) {
    if (record.collectiveCaseNumber === null) continue;
    const first = firstMembers.get(record.collectiveCaseNumber);
    if (!first || isEarlier(record, first)) firstMembers.set(record.collectiveCaseNumber, record);
  }
  const counted: CaseRecord[] = [];
  for (const record of records) {
    if (!isCountedCase(record)) continue;
    const first = record.collective && record.channel === null ? firstMembers.get(record.caseNumber) : undefined;
    counted.push(first ? { ...record, channel: first.channel } : record);
  }
  return counted;
};
