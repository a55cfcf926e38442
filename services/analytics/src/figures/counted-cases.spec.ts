import type { Channel } from '@mallcare/contracts';
import { mallMonthDetails, mallMonthFigures } from '../reports/mall-month-summary';
import { foldCaseRecords } from './case-path.fold';
import type { CaseRecord } from './case-record';
import { countedCases } from './counted-cases';
import { COUNTING_RULES, FIGURE_DEFINITIONS } from './figure-definitions';
import { computeFigures } from './figures';
import { after, CaseLog, TEST_POLICY } from './test-support/case-events.fixture';

const first = '2026-11-10T02:00:00.000Z';
const asOf = new Date('2026-12-20T00:00:00.000Z');

/**
 * Five tenants' power cut (issue 11 item 5): five registrations by different channels, the first by
 * phone, and the collective case intake raised 30 minutes after the first call. The collective is
 * handled, called back and closed; one member was also resolved on its own before it joined.
 */
const powerCut = (): { records: CaseRecord[]; collective: CaseLog; members: CaseLog[] } => {
  const channels: Channel[] = ['walk-in', 'phone', 'wechat', 'walk-in', 'email'];
  // The phone call is the earliest although registered second: the collective takes the first receivedAt's channel.
  const times = [after(first, 5), first, after(first, 10), after(first, 20), after(first, 30)];
  const members = channels.map((channel, index) =>
    new CaseLog().registered(times[index], 'complaint', { channel, category: 'engineering-equipment', complainantType: 'street-shop-tenant' }),
  );
  const collective = new CaseLog().collectiveRaised(first, members, after(first, 30));
  members.forEach((member) => member.joinedCollective(after(first, 30), collective));
  members[0].routed(after(first, 6), 'engineering').resolved(after(first, 8));
  collective
    .routed(after(first, 31), 'engineering')
    .assigned(after(first, 32), 'engineer-1', 'engineering')
    .verified(after(first, 40))
    .classifiedGeneral(after(first, 41))
    .resolved(after(first, 120))
    .attempt(after(first, 180), 1, true)
    .outcome(after(first, 180), 'satisfied')
    .closed(after(first, 180), 'satisfied', 'satisfied');
  const records = foldCaseRecords([...members, collective].flatMap((log) => log.events), TEST_POLICY);
  return { records, collective, members };
};

describe('a collective complaint counts once in every figure (DOMAIN §9)', () => {
  it('counts the collective case alone, under its earliest member’s channel', () => {
    const { records, collective } = powerCut();
    expect(records).toHaveLength(6);
    const counted = countedCases(records);
    expect(counted.map((record) => record.complaintId)).toEqual([collective.complaintId]);
    expect(counted[0]).toMatchObject({ collective: true, channel: 'phone' });
  });

  it('gives the report one received, one resolved, closed and rated case, by channel phone and never unknown', () => {
    const { records } = powerCut();
    const { figures, counts } = mallMonthFigures(records, asOf);
    expect(figures).toMatchObject({ received: 1, resolved: 1, closed: 1, open: 0 });
    expect(figures.handlingRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(figures.closureRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(figures.callbackRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(figures.satisfactionRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(figures.dataCompleteness).toMatchObject({ numerator: 1, denominator: 1, rate: 1 });
    expect(figures.timeToResolve.count).toBe(1);
    expect(counts.byChannel).toEqual([{ key: 'phone', count: 1, share: 1 }]);
    expect(counts.byKind).toEqual([{ key: 'complaint', count: 1, share: 1 }]);
    expect(computeFigures(records, asOf)).toMatchObject({ received: 1, handlingRate: { numerator: 1, denominator: 1 } });
  });

  it('lists and ranks the matter once: the member resolved on its own is no handler’s or department’s extra case', () => {
    const { records } = powerCut();
    const details = mallMonthDetails(records, 'SH01', asOf);
    expect(details.departments).toEqual([expect.objectContaining({ departmentId: 'operations', cases: 1, resolved: 1 })]);
    expect(details.handlers).toEqual([expect.objectContaining({ staffId: 'engineer-1', cases: 1 })]);
  });

  it('keeps a registration that joined no collective, and a collective whose members are not known yet', () => {
    const { records, members } = powerCut();
    const lone = foldCaseRecords(new CaseLog().registered(first).events, TEST_POLICY);
    expect(countedCases([...records, ...lone])).toHaveLength(2);
    const collectiveOnly = records.filter((record) => !members.some((member) => member.complaintId === record.complaintId));
    expect(countedCases(collectiveOnly)).toEqual([expect.objectContaining({ collective: true, channel: null })]);
  });

  it('says so in the definitions and footnotes', () => {
    expect(FIGURE_DEFINITIONS.received.definition).toContain('a collective complaint counts once');
    expect(COUNTING_RULES.some((rule) => rule.startsWith('A collective complaint is one matter and counts once in every figure'))).toBe(true);
  });
});
