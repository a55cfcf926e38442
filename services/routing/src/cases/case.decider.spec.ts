import { randomUUID } from 'node:crypto';
import {
  CATEGORIES,
  type CaseClassifiedV1,
  type Category,
  type ComplainantType,
  type Severity,
  type SystemSeverityRule,
} from '@mallcare/contracts';
import { SAMPLE_GROUP_POLICY, type GroupPolicy } from '@mallcare/policy';
import { deciderSpecification, storedEvent } from '@mallcare/testing';
import {
  allowedCommands,
  caseDecider,
  HANDLING_COMMANDS,
  severityOfCriteria,
  type CaseCommand,
  type CaseStatus,
  type ClassifyCase,
  type HandlingCommand,
  type HandlingCommandType,
} from './case.decider';
import type { CaseFacts } from './case-policy';
import type { CaseStreamEvent } from './case.state';

const spec = deciderSpecification(caseDecider);
const policy = SAMPLE_GROUP_POLICY;
const MALL = 'SH01';
/** Monday 10:00 in Shanghai: sh01-engineering-1 is on duty (08:00–16:00). */
const AT = '2026-11-23T02:00:00.000Z';

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  caseNumber: 'SH01-20261123-0001',
  kind: 'complaint',
  category: 'engineering-equipment',
  channel: 'walk-in',
  complainantType: 'consumer',
  written: false,
  receivedAt: AT,
  collectiveMemberIds: [],
  ...over,
});
const route = (over: Partial<CaseFacts> = {}, at = AT, withPolicy: GroupPolicy = policy): CaseCommand => ({
  type: 'RouteCase',
  data: { mallId: MALL, facts: facts(over), policy: withPolicy, at },
});
const decide = (command: CaseCommand, given: CaseStreamEvent[] = []) => caseDecider.decide(command, given.reduce(caseDecider.evolve, caseDecider.initialState()));
const stateOf = (given: CaseStreamEvent[]) => given.reduce(caseDecider.evolve, caseDecider.initialState());

// ---- given events ----
const ev = {
  opened: (over: Partial<CaseFacts> = {}) => storedEvent('CaseOpened', facts(over)),
  routed: (handling = 'engineering', owning = 'operations') =>
    storedEvent('CaseRouted', { owningDepartmentId: owning, handlingDepartmentId: handling, routingRuleId: 'route-engineering', policyVersion: policy.version }),
  assigned: (staffId = 'sh01-engineering-1', departmentId = 'engineering') =>
    storedEvent('CaseAssigned', { staffId, departmentId, rule: 'roster', policyVersion: policy.version }),
  system: (severity: Severity, rule: SystemSeverityRule = 'collective') =>
    storedEvent('CaseSeveritySetBySystem', { severity, rule, reason: 'system rule', policyVersion: policy.version }),
  accepted: (departmentId = 'engineering') => storedEvent('CaseAccepted', { departmentId }),
  verified: (validity: 'valid' | 'invalid' = 'valid') => storedEvent('CaseVerified', { validity, reason: 'checked on site' }),
  classified: (data: CaseClassifiedV1 = { responsibility: 'responsible', severity: 'general', criteria: ['service-shortfall'] }) => storedEvent('CaseClassified', data),
  report: (severity: Severity) => storedEvent('IncidentReportFiled', { severity, summary: 's', cause: 'c', impact: 'i', measures: 'm' }),
  proposed: () => storedEvent('ResolutionProposed', { proposal: 'replace the chain' }),
  approved: () => storedEvent('WrittenReplyApproved', { reply: '尊敬的顾客……', approverRole: 'department-manager' }),
  resolved: () =>
    storedEvent('CaseResolved', { actionTaken: 'replaced', customerToldWhat: 'phoned', owningDepartmentId: 'operations', handlingDepartmentId: 'engineering' }),
  reopened: () => storedEvent('CaseReopened', { reason: 'not satisfied at callback' }),
  closed: () => storedEvent('CaseClosed', { closedBecause: 'satisfied', satisfaction: 'satisfied', policyVersion: policy.version }),
  assistance: (departmentId = 'security') => storedEvent('AssistanceRequested', { departmentId, requestedByDepartmentId: 'engineering', reason: 'crowd control' }),
  media: () => storedEvent('MediaRiskMarked', { reason: 'customer filming' }),
  transferred: (to = 'property') => storedEvent('CaseTransferred', { fromDepartmentId: 'engineering', toDepartmentId: to, reason: 'wrong routing' }),
  party: () => storedEvent('OutsidePartyRecorded', { name: '市供电局', partyKind: 'utility', askedFor: 'restore power' }),
};

const MAJOR: CaseClassifiedV1 = { responsibility: 'responsible', severity: 'major', criteria: ['promised-service-not-delivered'] };
const ASSIST: CaseClassifiedV1 = { responsibility: 'assist', criteria: ['municipal-facilities'] };

/** A history reaching each status; options make it a written, system-severe or differently classified case. */
const histories = (options: { written?: boolean; classification?: CaseClassifiedV1; system?: Severity } = {}): Record<CaseStatus, CaseStreamEvent[]> => {
  const routed = [ev.opened({ written: options.written ?? false }), ev.routed(), ev.assigned(), ...(options.system ? [ev.system(options.system)] : [])];
  const accepted = [...routed, ev.accepted()];
  const verified = [...accepted, ev.verified()];
  const classified = [...verified, ev.classified(options.classification)];
  const resolved = [...classified, ev.resolved()];
  return {
    unrouted: [],
    routed,
    accepted,
    verified,
    classified,
    'resolution-proposed': [...classified, ev.proposed()],
    resolved,
    reopened: [...resolved, ev.reopened()],
    closed: [...resolved, ev.closed()],
  };
};

const STATUSES: CaseStatus[] = ['unrouted', 'routed', 'accepted', 'verified', 'classified', 'resolution-proposed', 'resolved', 'reopened', 'closed'];
const OPEN: CaseStatus[] = ['routed', 'accepted', 'verified', 'classified', 'resolution-proposed', 'reopened'];
const WORKING: CaseStatus[] = ['accepted', 'verified', 'classified', 'resolution-proposed', 'reopened'];

const SAMPLES: Record<HandlingCommandType, HandlingCommand> = {
  AcceptCase: { type: 'AcceptCase', data: {} },
  VerifyCase: { type: 'VerifyCase', data: { validity: 'valid', reason: 'escalator 3 was indeed stopped' } },
  ClassifyCase: { type: 'ClassifyCase', data: { responsibility: 'responsible', severity: 'general', criteria: ['service-shortfall'] } },
  AddProgressNote: { type: 'AddProgressNote', data: { note: 'contractor called', departmentId: 'engineering' } },
  RequestAssistance: { type: 'RequestAssistance', data: { departmentId: 'security', reason: 'crowd control', mallId: MALL, policy } },
  TransferCase: { type: 'TransferCase', data: { toDepartmentId: 'property', reason: 'a cleaning matter', mallId: MALL, policy, at: AT } },
  RecordOutsideParty: { type: 'RecordOutsideParty', data: { name: '市供电局', partyKind: 'utility', askedFor: 'restore power' } },
  MarkMediaRisk: { type: 'MarkMediaRisk', data: { reason: 'customer filming' } },
  FileIncidentReport: { type: 'FileIncidentReport', data: { summary: 's', cause: 'c', impact: 'i', measures: 'm' } },
  ProposeResolution: { type: 'ProposeResolution', data: { proposal: 'replace the chain' } },
  ApproveWrittenReply: { type: 'ApproveWrittenReply', data: { reply: '尊敬的顾客……', approverRole: 'department-manager' } },
  ResolveCase: { type: 'ResolveCase', data: { actionTaken: 'replaced the chain', customerToldWhat: 'phoned the customer' } },
  ReopenCase: { type: 'ReopenCase', data: { reason: 'not satisfied at callback' } },
};

/** The states each command is allowed in, written out independently of the decider's table. */
const ALLOWED: Record<HandlingCommandType, { in: CaseStatus[]; histories?: Record<CaseStatus, CaseStreamEvent[]> }> = {
  AcceptCase: { in: ['routed'] },
  VerifyCase: { in: ['accepted'] },
  ClassifyCase: { in: ['verified', 'classified', 'resolution-proposed', 'reopened'] },
  AddProgressNote: { in: WORKING },
  RequestAssistance: { in: WORKING },
  TransferCase: { in: OPEN },
  RecordOutsideParty: { in: ['classified', 'resolution-proposed', 'reopened'], histories: histories({ classification: ASSIST }) },
  MarkMediaRisk: { in: OPEN },
  FileIncidentReport: { in: WORKING, histories: histories({ system: 'major', classification: MAJOR }) },
  ProposeResolution: { in: ['verified', 'classified', 'resolution-proposed', 'reopened'] },
  ApproveWrittenReply: { in: ['verified', 'classified', 'resolution-proposed', 'reopened'], histories: histories({ written: true }) },
  ResolveCase: { in: OPEN },
  ReopenCase: { in: ['resolved'] },
};

describe('case decider: every handling command in every state', () => {
  it('knows every command', () => expect(Object.keys(ALLOWED).sort()).toEqual([...HANDLING_COMMANDS].sort()));

  describe.each([...HANDLING_COMMANDS])('%s', (command) => {
    const { in: allowedIn, histories: given = histories() } = ALLOWED[command];
    it.each(STATUSES.filter((status) => allowedIn.includes(status)))('is allowed when the case is %s', (status) => {
      expect(stateOf(given[status]).status).toBe(status);
      const decided = decide(SAMPLES[command], given[status]);
      expect(decided.length).toBeGreaterThan(0);
      expect(allowedCommands(stateOf(given[status]))).toContain(command);
    });
    it.each(STATUSES.filter((status) => !allowedIn.includes(status)))('is refused with 422 wrong-state when the case is %s', (status) => {
      spec(given[status])
        .when(SAMPLES[command])
        .thenRefuses('case-in-wrong-state', (wrong) => {
          expect(wrong.kind).toBe('wrong-state');
          expect(wrong.details.state).toBe(status);
          expect(wrong.details.command).toBe(command);
          expect(wrong.details.allowedCommands).toEqual(allowedCommands(stateOf(given[status])));
          expect(wrong.details.allowedCommands).not.toContain(command);
        });
    });
  });
});

describe('routing a registered case (DOMAIN §2, §5)', () => {
  it('opens a consumer’s escalator complaint: owned by operations, handled by engineering, held by the engineer on duty', () => {
    spec([])
      .when(route())
      .then([
        { type: 'CaseOpened', data: facts() },
        {
          type: 'CaseRouted',
          data: { owningDepartmentId: 'operations', handlingDepartmentId: 'engineering', routingRuleId: 'route-engineering', policyVersion: policy.version },
        },
        { type: 'CaseAssigned', data: { staffId: 'sh01-engineering-1', departmentId: 'engineering', rule: 'roster', policyVersion: policy.version } },
      ]);
  });

  it.each<[Category, string]>([
    ['product-quality', 'operations'],
    ['service-attitude', 'operations'],
    ['marketing-events', 'operations'],
    ['property-management', 'property'],
    ['environment-facilities', 'property'],
    ['safety-incident', 'property'],
    ['engineering-equipment', 'engineering'],
    ['other', 'operations'],
  ])('hands %s to %s by the default table', (category, handling) => {
    const routed = decide(route({ category })).find((event) => event.type === 'CaseRouted');
    expect(routed?.type === 'CaseRouted' && routed.data.handlingDepartmentId).toBe(handling);
  });

  it('covers every category of the vocabulary', () => {
    for (const category of CATEGORIES) expect(() => decide(route({ category }))).not.toThrow();
  });

  it.each<[ComplainantType, string]>([
    ['consumer', 'operations'],
    ['street-shop-tenant', 'operations'],
    ['anchor-store', 'property'],
    ['investor', 'property'],
    ['other', 'operations'],
  ])('gives a %s complaint to %s as owner', (complainantType, owning) => {
    const routed = decide(route({ category: 'product-quality', complainantType })).find((event) => event.type === 'CaseRouted');
    expect(routed?.type === 'CaseRouted' && routed.data.owningDepartmentId).toBe(owning);
  });

  it('follows the mall’s own routing table and records the policy version', () => {
    const custom: GroupPolicy = {
      ...policy,
      version: 'sample-group-r7',
      malls: policy.malls.map((mall) =>
        mall.id === MALL ? { ...mall, routing: { handlingDepartmentRules: [{ id: 'sh01-all-to-security', categories: ['*'], departmentId: 'security' }] } } : mall,
      ),
    };
    const [, routed, assigned] = decide(route({ category: 'product-quality' }, AT, custom));
    expect(routed).toEqual({
      type: 'CaseRouted',
      data: { owningDepartmentId: 'operations', handlingDepartmentId: 'security', routingRuleId: 'sh01-all-to-security', policyVersion: 'sample-group-r7' },
    });
    expect(assigned).toMatchObject({ type: 'CaseAssigned', data: { departmentId: 'security', policyVersion: 'sample-group-r7' } });
  });

  it.each([
    ['2026-11-23T02:00:00.000Z', 'sh01-engineering-1'], // 10:00 local
    ['2026-11-23T10:00:00.000Z', 'sh01-engineering-2'], // 18:00 local
    ['2026-11-23T18:30:00.000Z', 'sh01-engineering-3'], // 02:30 local, the night shift
  ])('assigns by the duty roster at %s → %s', (at, staffId) => {
    const assigned = decide(route({}, at)).find((event) => event.type === 'CaseAssigned');
    expect(assigned).toEqual({ type: 'CaseAssigned', data: { staffId, departmentId: 'engineering', rule: 'roster', policyVersion: policy.version } });
  });

  it('assigns the department manager when nobody on the roster is on duty', () => {
    const noRoster: GroupPolicy = {
      ...policy,
      malls: policy.malls.map((mall) =>
        mall.id === MALL ? { ...mall, departments: mall.departments.map((d) => (d.id === 'engineering' ? { ...d, roster: [] } : d)) } : mall,
      ),
    };
    const assigned = decide(route({}, AT, noRoster)).find((event) => event.type === 'CaseAssigned');
    expect(assigned).toMatchObject({ data: { staffId: 'sh01-engineering-mgr', rule: 'manager' } });
  });

  it('does not route an inquiry: it is answered and closed at the desk', () => {
    spec([])
      .when(route({ kind: 'inquiry' }))
      .thenRefuses('inquiries-are-closed-at-the-desk');
  });

  it('does not route twice', () => {
    spec(histories().routed).when(route()).thenRefuses('case-in-wrong-state');
  });
});

describe('severity set by the system (DOMAIN §4)', () => {
  const severityEvents = (command: CaseCommand, given: CaseStreamEvent[] = []) => decide(command, given).filter((event) => event.type === 'CaseSeveritySetBySystem');

  it('sets nothing for an ordinary walk-in complaint', () => {
    expect(severityEvents(route())).toEqual([]);
  });

  it.each<[CaseFacts['channel'], SystemSeverityRule]>([
    ['government-referral', 'channel-government-referral'],
    ['media', 'channel-media'],
  ])('makes a %s case critical and gives it straight to the department head', (channel, rule) => {
    const decided = decide(route({ channel }));
    expect(decided.filter((event) => event.type === 'CaseSeveritySetBySystem')).toEqual([
      { type: 'CaseSeveritySetBySystem', data: { severity: 'critical', rule, reason: expect.any(String), policyVersion: policy.version } },
    ]);
    expect(decided.find((event) => event.type === 'CaseAssigned')).toMatchObject({ data: { staffId: 'sh01-engineering-mgr', rule: 'manager' } });
  });

  it('makes a collective case critical, keeping its members', () => {
    const members = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const decided = decide(route({ collectiveMemberIds: members, distinctTenants: 5, complainantType: 'street-shop-tenant', channel: undefined }));
    expect(decided[0]).toEqual({ type: 'CaseOpened', data: expect.objectContaining({ collectiveMemberIds: members, distinctTenants: 5 }) });
    expect(decided[0].data).not.toHaveProperty('channel');
    expect(decided.filter((event) => event.type === 'CaseSeveritySetBySystem')).toEqual([
      { type: 'CaseSeveritySetBySystem', data: expect.objectContaining({ severity: 'critical', rule: 'collective' }) },
    ]);
  });

  it('records only the first of several rules of the same severity', () => {
    const members = [randomUUID(), randomUUID()];
    expect(severityEvents(route({ collectiveMemberIds: members, channel: 'media' }))).toEqual([
      { type: 'CaseSeveritySetBySystem', data: expect.objectContaining({ rule: 'collective' }) },
    ]);
  });

  it('follows a mall’s own severity settings', () => {
    const lenient: GroupPolicy = {
      ...policy,
      malls: policy.malls.map((mall) => (mall.id === MALL ? { ...mall, settings: { severity: { ...policy.severity, channels: [{ channel: 'media', severity: 'major' }] } } } : mall)),
    };
    expect(severityEvents(route({ channel: 'government-referral' }, AT, lenient))).toEqual([]);
    expect(severityEvents(route({ channel: 'media' }, AT, lenient))).toEqual([
      { type: 'CaseSeveritySetBySystem', data: expect.objectContaining({ severity: 'major', rule: 'channel-media' }) },
    ]);
  });

  describe('repeat count → major', () => {
    const repeat = (repeatCount: number, withPolicy: GroupPolicy = policy): CaseCommand => ({ type: 'RecordRepeat', data: { repeatCount, mallId: MALL, policy: withPolicy } });

    it('raises an open case to major when the count reaches the policy threshold (2)', () => {
      spec(histories().accepted)
        .when(repeat(2))
        .then([
          {
            type: 'CaseSeveritySetBySystem',
            data: { severity: 'major', rule: 'repeat-count', reason: expect.stringContaining('2 times'), policyVersion: policy.version },
          },
        ]);
    });

    it('raises a case a person classified general', () => {
      expect(severityEvents(repeat(3), histories().classified)).toHaveLength(1);
    });

    it('does nothing below the threshold the mall set', () => {
      const strict: GroupPolicy = { ...policy, severity: { ...policy.severity, repeatCountForMajor: 3 } };
      spec(histories().accepted).when(repeat(2, strict)).then([]);
      expect(severityEvents(repeat(3, strict), histories().accepted)).toHaveLength(1);
    });

    it('does nothing to a case already major or critical, resolved, never routed, or found not responsible', () => {
      spec(histories({ system: 'major' }).accepted).when(repeat(2)).then([]);
      spec(histories({ system: 'critical' }).accepted).when(repeat(5)).then([]);
      spec(histories().resolved).when(repeat(2)).then([]);
      spec([]).when(repeat(2)).then([]);
      spec(histories({ classification: { responsibility: 'non-responsible', criteria: ['facts-untrue'] } }).classified).when(repeat(2)).then([]);
    });
  });

  describe('open a month while responsible → major (sla-monitor CaseUpgradeDue)', () => {
    const REASON = 'responsible complaint still open at 2026-12-23T02:00:00.000Z (30 days after 2026-11-23T02:00:00.000Z)';
    const upgrade: CaseCommand = { type: 'UpgradeUnresolvedCase', data: { toSeverity: 'major', reason: REASON, policyVersion: 'sample-group-r7' } };

    it('raises a responsible open case to major by rule open-a-month, recording the policy version that found it due', () => {
      spec(histories().classified)
        .when(upgrade)
        .then([{ type: 'CaseSeveritySetBySystem', data: { severity: 'major', rule: 'open-a-month', reason: REASON, policyVersion: 'sample-group-r7' } }]);
      expect(severityEvents(upgrade, histories()['resolution-proposed'])).toHaveLength(1);
      expect(severityEvents(upgrade, histories().reopened)).toHaveLength(1);
    });

    it('makes the case major for everything after it (a classification below it needs an override reason)', () => {
      const upgraded = [...histories().classified, ...decide(upgrade, histories().classified).map((d) => storedEvent(d.type, d.data as never))];
      expect(stateOf(upgraded)).toMatchObject({ severity: 'major', systemSeverity: 'major' });
    });

    it('does nothing when redelivered, or to a case resolved, never routed, unclassified, not responsible or already major', () => {
      const upgraded = [...histories().classified, ...decide(upgrade, histories().classified).map((d) => storedEvent(d.type, d.data as never))];
      spec(upgraded).when(upgrade).then([]);
      spec(histories().resolved).when(upgrade).then([]);
      spec([]).when(upgrade).then([]);
      spec(histories().accepted).when(upgrade).then([]);
      spec(histories({ classification: { responsibility: 'non-responsible', criteria: ['facts-untrue'] } }).classified).when(upgrade).then([]);
      spec(histories({ classification: ASSIST }).classified).when(upgrade).then([]);
      spec(histories({ classification: MAJOR }).classified).when(upgrade).then([]);
      spec(histories({ system: 'critical', classification: { responsibility: 'responsible', severity: 'critical', criteria: ['collective'] } }).classified).when(upgrade).then([]);
    });
  });
});

describe('verify and classify (DOMAIN §4)', () => {
  const classify = (data: ClassifyCase['data']): CaseCommand => ({ type: 'ClassifyCase', data });
  const ruleOf = (given: CaseStreamEvent[], command: CaseCommand, rule: string) =>
    spec(given).when(command).thenRefuses(rule);

  it('records validity with the reason', () => {
    spec(histories().accepted)
      .when({ type: 'VerifyCase', data: { validity: 'invalid', reason: 'the shop is not in our mall' } })
      .then([{ type: 'CaseVerified', data: { validity: 'invalid', reason: 'the shop is not in our mall' } }]);
  });

  it.each<[ClassifyCase['data'], CaseClassifiedV1]>([
    [{ responsibility: 'responsible', severity: 'general', criteria: ['service-shortfall'] }, { responsibility: 'responsible', severity: 'general', criteria: ['service-shortfall'] }],
    [
      { responsibility: 'responsible', severity: 'major', criteria: ['service-shortfall', 'repeated-without-resolution'], note: 'third visit' },
      { responsibility: 'responsible', severity: 'major', criteria: ['service-shortfall', 'repeated-without-resolution'], note: 'third visit' },
    ],
    [{ responsibility: 'responsible', severity: 'critical', criteria: ['serious-loss-or-injury'] }, { responsibility: 'responsible', severity: 'critical', criteria: ['serious-loss-or-injury'] }],
    [{ responsibility: 'non-responsible', criteria: ['facts-untrue'] }, { responsibility: 'non-responsible', criteria: ['facts-untrue'] }],
    [{ responsibility: 'assist', criteria: ['building-quality', 'third-party'] }, { responsibility: 'assist', criteria: ['building-quality', 'third-party'] }],
  ])('classifies %j', (command, recorded) => {
    spec(histories().verified).when(classify(command)).then([{ type: 'CaseClassified', data: recorded }]);
  });

  it('derives severity from the highest criterion', () => {
    expect(severityOfCriteria(['service-shortfall'])).toBe('general');
    expect(severityOfCriteria(['service-shortfall', 'street-tenant-may-leave'])).toBe('major');
    expect(severityOfCriteria(['unresolved-over-one-month', 'government-or-media'])).toBe('critical');
  });

  it('refuses a severity its criteria do not support, or none for a responsible case', () => {
    ruleOf(histories().verified, classify({ responsibility: 'responsible', severity: 'critical', criteria: ['service-shortfall'] }), 'severity-must-follow-criteria');
    ruleOf(histories().verified, classify({ responsibility: 'responsible', severity: 'general', criteria: ['collective'] }), 'severity-must-follow-criteria');
    ruleOf(histories().verified, classify({ responsibility: 'responsible', criteria: ['service-shortfall'] }), 'responsible-case-needs-severity');
  });

  it('refuses criteria of another responsibility, and a severity on a case the company is not responsible for', () => {
    ruleOf(histories().verified, classify({ responsibility: 'non-responsible', criteria: ['service-shortfall'] }), 'criteria-must-fit-responsibility');
    ruleOf(histories().verified, classify({ responsibility: 'responsible', severity: 'general', criteria: ['facts-untrue'] }), 'criteria-must-fit-responsibility');
    ruleOf(histories().verified, classify({ responsibility: 'assist', criteria: [] }), 'criteria-must-fit-responsibility');
    ruleOf(histories().verified, classify({ responsibility: 'assist', severity: 'major', criteria: ['third-party'] }), 'severity-only-for-responsible-cases');
  });

  it('does not classify an invalid case: it is resolved with an explanation', () => {
    const invalid = [...histories().accepted, ev.verified('invalid')];
    ruleOf(invalid, SAMPLES.ClassifyCase, 'invalid-case-is-not-classified');
    expect(allowedCommands(stateOf(invalid))).toContain('ResolveCase');
    spec(invalid)
      .when({ type: 'ResolveCase', data: { actionTaken: 'checked: not our tenant', customerToldWhat: 'explained the shop is outside the mall' } })
      .then([
        {
          type: 'CaseResolved',
          data: { actionTaken: 'checked: not our tenant', customerToldWhat: 'explained the shop is outside the mall', owningDepartmentId: 'operations', handlingDepartmentId: 'engineering' },
        },
      ]);
  });

  it('resolves a non-responsible case with an explanation', () => {
    const given = histories({ classification: { responsibility: 'non-responsible', criteria: ['outside-company-duties'] } }).classified;
    expect(decide(SAMPLES.ResolveCase, given)).toEqual([expect.objectContaining({ type: 'CaseResolved' })]);
  });

  it('needs verification before classifying a case reopened after a resolution on the spot', () => {
    const given = [...histories().routed, ev.resolved(), ev.reopened()];
    ruleOf(given, SAMPLES.ClassifyCase, 'verify-before-classifying');
  });

  describe('a severity the system set', () => {
    const collective = histories({ system: 'critical' }).verified;

    it('can be raised or kept by people without a reason', () => {
      spec(histories({ system: 'major' }).verified)
        .when(classify({ responsibility: 'responsible', severity: 'critical', criteria: ['serious-loss-or-injury'] }))
        .then([{ type: 'CaseClassified', data: { responsibility: 'responsible', severity: 'critical', criteria: ['serious-loss-or-injury'] } }]);
      spec(collective)
        .when(classify({ responsibility: 'responsible', severity: 'critical', criteria: ['collective'], overrideReason: 'not needed' }))
        .then([{ type: 'CaseClassified', data: { responsibility: 'responsible', severity: 'critical', criteria: ['collective'] } }]);
    });

    it('is lowered only with a stated reason, which is recorded', () => {
      ruleOf(collective, classify({ responsibility: 'responsible', severity: 'general', criteria: ['service-shortfall'] }), 'lowering-system-severity-needs-reason');
      ruleOf(collective, classify({ responsibility: 'assist', criteria: ['municipal-facilities'] }), 'lowering-system-severity-needs-reason');
      spec(collective)
        .when(classify({ responsibility: 'assist', criteria: ['municipal-facilities'], overrideReason: 'a city-wide power cut, not the mall' }))
        .then([
          {
            type: 'CaseClassified',
            data: { responsibility: 'assist', criteria: ['municipal-facilities'], overriddenSystemSeverity: 'critical', overrideReason: 'a city-wide power cut, not the mall' },
          },
        ]);
    });

    it('survives a transfer, while the people’s classification does not', () => {
      const state = stateOf([...histories({ system: 'major', classification: { ...MAJOR, severity: 'major' } }).classified, ev.transferred()]);
      expect(state).toMatchObject({ status: 'routed', handlingDepartmentId: 'property', severity: 'major', systemSeverity: 'major', validity: null, responsibility: null });
    });
  });
});

describe('incident report for major and critical cases (DOMAIN §7)', () => {
  const ruleOf = (given: CaseStreamEvent[], command: CaseCommand, rule: string) =>
    spec(given).when(command).thenRefuses(rule);
  const major = histories({ classification: MAJOR }).classified;

  it('is filed with the case’s severity', () => {
    spec(major)
      .when(SAMPLES.FileIncidentReport)
      .then([{ type: 'IncidentReportFiled', data: { severity: 'major', summary: 's', cause: 'c', impact: 'i', measures: 'm' } }]);
  });

  it('is not for a general case', () => {
    ruleOf(histories().classified, SAMPLES.FileIncidentReport, 'incident-report-only-for-major-or-critical');
  });

  it('is required before a major or critical case is resolved', () => {
    ruleOf(major, SAMPLES.ResolveCase, 'incident-report-required');
    expect(allowedCommands(stateOf(major))).not.toContain('ResolveCase');
    expect(decide(SAMPLES.ResolveCase, [...major, ev.report('major')])).toEqual([expect.objectContaining({ type: 'CaseResolved' })]);
  });

  it('is required as soon as a system rule made the case critical, before anyone classified it', () => {
    const collective = histories({ system: 'critical' }).accepted;
    ruleOf(collective, SAMPLES.ResolveCase, 'incident-report-required');
    expect(decide(SAMPLES.FileIncidentReport, collective)).toEqual([expect.objectContaining({ type: 'IncidentReportFiled', data: expect.objectContaining({ severity: 'critical' }) })]);
  });

  it('is filed again when the case becomes more severe, and not twice at the same severity', () => {
    const reported = [...major, ev.report('major')];
    spec(reported).when(SAMPLES.FileIncidentReport).thenRefuses('duplicate');
    const raised = [...reported, ev.classified({ responsibility: 'responsible', severity: 'critical', criteria: ['serious-loss-or-injury'] })];
    ruleOf(raised, SAMPLES.ResolveCase, 'incident-report-required');
    expect(decide(SAMPLES.FileIncidentReport, raised)).toEqual([expect.objectContaining({ data: expect.objectContaining({ severity: 'critical' }) })]);
  });
});

describe('written reply for written complaints (DOMAIN §3)', () => {
  const written = histories({ written: true });
  const ruleOf = (given: CaseStreamEvent[], command: CaseCommand, rule: string) =>
    spec(given).when(command).thenRefuses(rule);

  it('is approved by a leader and recorded', () => {
    spec(written['resolution-proposed'])
      .when(SAMPLES.ApproveWrittenReply)
      .then([{ type: 'WrittenReplyApproved', data: { reply: '尊敬的顾客……', approverRole: 'department-manager' } }]);
  });

  it('is required before a written complaint is resolved', () => {
    ruleOf(written.classified, SAMPLES.ResolveCase, 'written-reply-approval-required');
    expect(decide(SAMPLES.ResolveCase, [...written.classified, ev.approved()])).toEqual([expect.objectContaining({ type: 'CaseResolved' })]);
  });

  it('is not for complaints that were not written, and not approved twice', () => {
    ruleOf(histories().classified, SAMPLES.ApproveWrittenReply, 'written-reply-only-for-written-complaints');
    spec([...written.classified, ev.approved()]).when(SAMPLES.ApproveWrittenReply).thenRefuses('duplicate');
  });

  it('is needed again after the case is reopened', () => {
    const reopened = [...written.classified, ev.approved(), ev.resolved(), ev.reopened()];
    ruleOf(reopened, SAMPLES.ResolveCase, 'written-reply-approval-required');
    expect(decide(SAMPLES.ApproveWrittenReply, reopened)).toHaveLength(1);
  });
});

describe('transfer, assistance, outside party, media risk, notes, proposals', () => {
  const ruleOf = (given: CaseStreamEvent[], command: CaseCommand, rule: string) =>
    spec(given).when(command).thenRefuses(rule);
  const transfer = (toDepartmentId: string, at = AT): CaseCommand => ({ type: 'TransferCase', data: { toDepartmentId, reason: 'wrong routing', mallId: MALL, policy, at } });

  it('transfers a wrongly routed case and re-assigns it in the new department', () => {
    spec(histories().accepted)
      .when(transfer('property'))
      .then([
        { type: 'CaseTransferred', data: { fromDepartmentId: 'engineering', toDepartmentId: 'property', reason: 'wrong routing' } },
        { type: 'CaseAssigned', data: { staffId: 'sh01-property-1', departmentId: 'property', rule: 'roster', policyVersion: policy.version } },
      ]);
  });

  it('after a transfer the new department accepts and verifies again', () => {
    const given = [...histories().classified, ev.transferred('property'), ev.assigned('sh01-property-1', 'property')];
    const state = stateOf(given);
    expect(state).toMatchObject({ status: 'routed', handlingDepartmentId: 'property', assigneeStaffId: 'sh01-property-1', validity: null });
    expect(allowedCommands(state)).toEqual(expect.arrayContaining(['AcceptCase', 'TransferCase', 'ResolveCase']));
    expect(decide(SAMPLES.AcceptCase, given)).toEqual([{ type: 'CaseAccepted', data: { departmentId: 'property' } }]);
  });

  it('gives a transferred critical case to the new department’s manager', () => {
    const decided = decide(transfer('security'), histories({ system: 'critical' }).accepted);
    expect(decided[1]).toMatchObject({ type: 'CaseAssigned', data: { staffId: 'sh01-security-mgr', rule: 'manager' } });
  });

  it('refuses a transfer to the same or an unknown department', () => {
    ruleOf(histories().accepted, transfer('engineering'), 'transfer-to-another-department');
    ruleOf(histories().accepted, transfer('parking-garage'), 'department-of-the-mall');
  });

  it('asks another department for help; it joins the case', () => {
    const given = histories().accepted;
    spec(given)
      .when(SAMPLES.RequestAssistance)
      .then([{ type: 'AssistanceRequested', data: { departmentId: 'security', requestedByDepartmentId: 'engineering', reason: 'crowd control' } }]);
    expect(stateOf([...given, ev.assistance('security')]).assistingDepartmentIds).toEqual(['security']);
  });

  it('refuses help from itself, from an unknown department, or twice from the same one (409)', () => {
    const ask = (departmentId: string): CaseCommand => ({ type: 'RequestAssistance', data: { departmentId, reason: 'r', mallId: MALL, policy } });
    ruleOf(histories().accepted, ask('engineering'), 'assistance-from-another-department');
    ruleOf(histories().accepted, ask('spa'), 'department-of-the-mall');
    spec([...histories().accepted, ev.assistance('security')]).when(ask('security')).thenRefuses('duplicate');
  });

  it('records the outside party of an assist case only, each once', () => {
    const assist = histories({ classification: ASSIST }).classified;
    spec(assist).when(SAMPLES.RecordOutsideParty).then([{ type: 'OutsidePartyRecorded', data: { name: '市供电局', partyKind: 'utility', askedFor: 'restore power' } }]);
    spec([...assist, ev.party()]).when(SAMPLES.RecordOutsideParty).thenRefuses('duplicate');
    ruleOf(histories().classified, SAMPLES.RecordOutsideParty, 'outside-party-only-for-assist-cases');
  });

  it('marks the media risk once', () => {
    spec(histories().routed).when(SAMPLES.MarkMediaRisk).then([{ type: 'MediaRiskMarked', data: { reason: 'customer filming' } }]);
    spec([...histories().routed, ev.media()]).when(SAMPLES.MarkMediaRisk).thenRefuses('duplicate');
    expect(stateOf([...histories().routed, ev.media()]).mediaRisk).toBe(true);
  });

  it('notes progress and proposes a resolution', () => {
    spec(histories().accepted).when(SAMPLES.AddProgressNote).then([{ type: 'CaseProgressNoted', data: { note: 'contractor called', departmentId: 'engineering' } }]);
    spec(histories().classified).when(SAMPLES.ProposeResolution).then([{ type: 'ResolutionProposed', data: { proposal: 'replace the chain' } }]);
    expect(stateOf(histories()['resolution-proposed'])).toMatchObject({ status: 'resolution-proposed', resolutionProposed: true });
  });
});

describe('resolve and reopen', () => {
  it('resolves a case fixed on the spot straight after routing (the thin path)', () => {
    spec(histories().routed)
      .when(SAMPLES.ResolveCase)
      .then([
        {
          type: 'CaseResolved',
          data: { actionTaken: 'replaced the chain', customerToldWhat: 'phoned the customer', owningDepartmentId: 'operations', handlingDepartmentId: 'engineering' },
        },
      ]);
  });

  it('resolves a case routed before cases were opened (issue 2 streams)', () => {
    expect(decide(SAMPLES.ResolveCase, [ev.routed(), ev.assigned()])).toHaveLength(1);
  });

  it('reports the current state and the allowed commands when it refuses', () => {
    spec(histories().resolved)
      .when(SAMPLES.ResolveCase)
      .thenRefuses('case-in-wrong-state', (error) => {
        expect(error.message).toBe('ResolveCase is not allowed while the case is resolved');
        expect(error.details.allowedCommands).toEqual(['ReopenCase']);
      });
  });

  it('reopens a resolved case with the reason; handling goes on and it can be resolved again', () => {
    spec(histories().resolved).when(SAMPLES.ReopenCase).then([{ type: 'CaseReopened', data: { reason: 'not satisfied at callback' } }]);
    const reopened = histories().reopened;
    expect(stateOf(reopened)).toMatchObject({ status: 'reopened', timesResolved: 1, timesReopened: 1, resolutionProposed: false, validity: 'valid', severity: 'general' });
    expect(decide(SAMPLES.ResolveCase, reopened)).toHaveLength(1);
    expect(stateOf([...reopened, ev.resolved()])).toMatchObject({ status: 'resolved', timesResolved: 2 });
  });

  it('follows callback’s CaseClosed: a closed case is closed, takes no command, and is not reopened (issue 11 item 9)', () => {
    const closed = histories().closed;
    expect(stateOf(closed)).toMatchObject({ status: 'closed', timesResolved: 1 });
    expect(allowedCommands(stateOf(closed))).toEqual([]);
    spec(closed)
      .when(SAMPLES.ReopenCase)
      .thenRefuses('case-in-wrong-state', (error) => expect(error.message).toBe('ReopenCase is not allowed while the case is closed'));
    // callback's own not-satisfied path reopens before any closure; once closed, nothing the system hears reopens or raises it.
    spec(closed).when({ type: 'UpgradeUnresolvedCase', data: { toSeverity: 'major', reason: 'open a month', policyVersion: policy.version } }).then([]);
  });

  it('keeps a reopen that won the race with the closure: open, and a later closure of the old resolution closes nothing', () => {
    const resolved = histories().resolved;
    expect(stateOf([...resolved, ev.closed(), ev.reopened()]).status).toBe('reopened');
    expect(stateOf([...resolved, ev.reopened(), ev.closed()]).status).toBe('reopened');
    expect(stateOf([...resolved, ev.reopened(), ev.resolved(), ev.closed()]).status).toBe('closed');
  });

  it('keeps the status reopened while a reopened case is re-classified or gets a new proposal', () => {
    const reopened = histories().reopened;
    expect(stateOf([...reopened, ev.classified(MAJOR)]).status).toBe('reopened');
    expect(stateOf([...reopened, ev.proposed()]).status).toBe('reopened');
  });
});
