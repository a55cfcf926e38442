import { CHANNELS, CommandRefused, type Channel, type ComplaintRegisteredV2 } from '@mallcare/contracts';
import { deciderSpecification, storedEvent } from '@mallcare/testing';
import { CHANNEL_RULES, type ContactKind } from './channel-rules';
import { complaintDecider, type RegisterComplaint } from './complaint.decider';

const spec = deciderSpecification(complaintDecider);
const now = new Date('2026-11-23T09:00:00.000Z');
const SUBJECT = '6f1c0d1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f';

type Registration = RegisterComplaint['data'];
const register = (overrides: Partial<Registration> = {}): RegisterComplaint => ({
  type: 'RegisterComplaint',
  data: {
    caseNumber: 'SH01-20261123-0001',
    channel: 'walk-in',
    kind: 'complaint',
    category: 'service-attitude',
    complainantType: 'consumer',
    description: '导购态度恶劣',
    receivedAt: now,
    now,
    complainantSubjectId: SUBJECT,
    contactsGiven: ['name', 'phone'],
    channelDetails: { recordedBy: 'sh01-desk-1', place: '1F 总服务台' },
    attachments: [],
    registeredBy: 'sh01-desk-1',
    policyVersion: 'sample-group-r1',
    ...overrides,
  },
});

const registered = (overrides: Partial<ComplaintRegisteredV2> = {}): ComplaintRegisteredV2 => ({
  caseNumber: 'SH01-20261123-0001',
  channel: 'walk-in',
  kind: 'complaint',
  category: 'service-attitude',
  complainantType: 'consumer',
  description: '导购态度恶劣',
  receivedAt: now.toISOString(),
  written: false,
  complainantSubjectId: SUBJECT,
  matterKey: null,
  channelDetails: { recordedBy: 'sh01-desk-1', place: '1F 总服务台' },
  attachments: [],
  policyVersion: 'sample-group-r1',
  ...overrides,
});

/** A registration that satisfies every rule of the channel. */
const complete = (channel: Channel): Partial<Registration> => ({
  channel,
  channelDetails: {
    recordedBy: 'sh01-desk-1',
    place: '1F 总服务台',
    governmentBody: '市场监督管理局',
    mediaOutlet: '新民晚报',
    platform: '微博',
    submissionReference: 'WEB-2026-0042',
    referenceNumber: 'SH-12345-0099',
  },
  contactsGiven: ['name', 'phone', 'email', 'address', 'account'],
  location: 'B1 停车场',
});

/** The refused rule and the input it names. */
const thrown = (command: RegisterComplaint): { rule: string; field: unknown } => {
  try {
    complaintDecider.decide(command, complaintDecider.initialState());
  } catch (error) {
    if (error instanceof CommandRefused) return { rule: error.rule, field: error.details.field };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('complaint decider: registration', () => {
  it('registers a walk-in complaint received earlier than it was entered; it occurred when received', () => {
    const yesterday = new Date('2026-11-22T16:00:00.000Z');
    spec([])
      .when(register({ receivedAt: yesterday }))
      .then([{ type: 'ComplaintRegistered', data: registered({ receivedAt: yesterday.toISOString() }), occurredAt: yesterday.toISOString() }]);
  });

  it('rejects a receivedAt in the future beyond the clock skew, accepts one within it', () => {
    spec([]).when(register({ receivedAt: new Date(now.getTime() + 61_000) })).thenRefuses('received-in-future');
    expect(complaintDecider.decide(register({ receivedAt: new Date(now.getTime() + 30_000) }), complaintDecider.initialState())).toHaveLength(1);
  });

  it('does not register the same complaint twice', () => {
    spec([storedEvent('ComplaintRegistered', registered())]).when(register()).thenRefuses('already-registered');
  });

  it('keeps where and when it happened, the requested deadline, attachments and a matter key from the location', () => {
    const [event] = complaintDecider.decide(
      register({
        location: ' B1-停车场 ',
        happenedAt: new Date('2026-11-23T08:30:00.000Z'),
        requestedDeadline: new Date('2026-11-24T09:00:00.000Z'),
        attachments: [{ reference: 'att://2026/11/23/photo-1.jpg', mediaType: 'image/jpeg' }],
        tenantUnit: 'L2-018',
      }),
      complaintDecider.initialState(),
    );
    expect(event.data).toMatchObject({
      location: ' B1-停车场 ',
      matterKey: 'b1 停车场',
      happenedAt: '2026-11-23T08:30:00.000Z',
      requestedDeadline: '2026-11-24T09:00:00.000Z',
      attachments: [{ reference: 'att://2026/11/23/photo-1.jpg', mediaType: 'image/jpeg' }],
      tenantUnit: 'L2-018',
    });
  });

  it('prefers the agent’s subject key to the location as the matter key', () => {
    const [event] = complaintDecider.decide(register({ location: 'B1', subjectKey: 'Power cut B1' }), complaintDecider.initialState());
    expect((event.data as ComplaintRegisteredV2).matterKey).toBe('power cut b1');
  });

  it('records businessAffected as the desk states it (v3), and leaves it out when not stated', () => {
    const [stated] = complaintDecider.decide(register({ complainantType: 'street-shop-tenant', tenantUnit: 'L1-012', businessAffected: true }), complaintDecider.initialState());
    expect(stated.data).toMatchObject({ businessAffected: true });
    const [denied] = complaintDecider.decide(register({ complainantType: 'anchor-store', businessAffected: false }), complaintDecider.initialState());
    expect(denied.data).toMatchObject({ businessAffected: false });
    const [silent] = complaintDecider.decide(register(), complaintDecider.initialState());
    expect(silent.data).not.toHaveProperty('businessAffected');
  });

  it('refuses businessAffected for a complainant without a business in the mall', () => {
    const violation = thrown(register({ complainantType: 'consumer', businessAffected: true }));
    expect([violation.rule, violation.field]).toEqual(['business-affected-only-for-tenants', 'businessAffected']);
  });

  it('rejects a happenedAt after receivedAt and a requested deadline before it', () => {
    expect(thrown(register({ happenedAt: new Date(now.getTime() + 3_600_000) })).rule).toBe('happened-after-received');
    expect(thrown(register({ requestedDeadline: new Date(now.getTime() - 1) })).rule).toBe('deadline-before-received');
  });
});

describe('complaint decider: each channel records its own facts', () => {
  it.each(CHANNELS)('%s: a complete registration is accepted, marked written only for written channels', (channel) => {
    const [event] = complaintDecider.decide(register(complete(channel)), complaintDecider.initialState());
    expect(event.type).toBe('ComplaintRegistered');
    expect((event.data as ComplaintRegisteredV2).written).toBe(CHANNEL_RULES[channel].written);
  });

  it('a letter and the GM mailbox are written complaints; another channel only when marked', () => {
    expect(complaintDecider.decide(register(complete('letter')), complaintDecider.initialState())[0].data).toMatchObject({ written: true });
    expect(complaintDecider.decide(register(complete('gm-mailbox')), complaintDecider.initialState())[0].data).toMatchObject({ written: true });
    expect(complaintDecider.decide(register({ ...complete('email'), written: true }), complaintDecider.initialState())[0].data).toMatchObject({ written: true });
    expect(complaintDecider.decide(register({ ...complete('email') }), complaintDecider.initialState())[0].data).toMatchObject({ written: false });
  });

  it.each([
    ['walk-in', 'place'],
    ['walk-in', 'recordedBy'],
    ['government-referral', 'governmentBody'],
    ['media', 'mediaOutlet'],
    ['social-media', 'platform'],
    ['website', 'submissionReference'],
    ['mobile-app', 'submissionReference'],
    ['staff-patrol', 'recordedBy'],
  ] as const)('%s without %s is refused', (channel, detail) => {
    const details = { ...complete(channel).channelDetails };
    delete details[detail];
    const violation = thrown(register({ ...complete(channel), channelDetails: details }));
    expect(violation.rule).toBe('channel-detail-missing');
    expect(violation.field).toBe(detail);
  });

  it.each([
    ['phone', 'phone'],
    ['letter', 'address'],
    ['email', 'email'],
    ['wechat', 'account'],
  ] as [Channel, ContactKind][])('%s without the complainant’s %s is refused', (channel, contact) => {
    const violation = thrown(register({ ...complete(channel), contactsGiven: complete(channel).contactsGiven?.filter((given) => given !== contact) }));
    expect(violation).toMatchObject({ rule: 'contact-missing', field: contact });
  });

  it('a staff patrol must say where', () => {
    expect(thrown(register({ ...complete('staff-patrol'), location: undefined })).rule).toBe('location-missing');
  });

  it('records only the facts of its own channel, never contact details', () => {
    const [event] = complaintDecider.decide(register(complete('government-referral')), complaintDecider.initialState());
    expect((event.data as ComplaintRegisteredV2).channelDetails).toEqual({ recordedBy: 'sh01-desk-1', governmentBody: '市场监督管理局', referenceNumber: 'SH-12345-0099' });
    expect(JSON.stringify(event)).not.toMatch(/phone|address|email/i);
  });
});

describe('complaint decider: inquiries are answered and closed at the desk', () => {
  it('registers the inquiry and its answer in one step', () => {
    spec([])
      .when(register({ kind: 'inquiry', answer: '停车场营业至22:00 / the car park is open until 22:00' }))
      .then([
        { type: 'ComplaintRegistered', data: registered({ kind: 'inquiry' }), occurredAt: now.toISOString() },
        { type: 'InquiryAnswered', data: { answer: '停车场营业至22:00 / the car park is open until 22:00', answeredBy: 'sh01-desk-1' }, occurredAt: now.toISOString() },
      ]);
  });

  it('an inquiry without an answer, or an answer to a complaint, is refused', () => {
    expect(thrown(register({ kind: 'inquiry' })).rule).toBe('inquiry-needs-answer');
    expect(thrown(register({ kind: 'complaint', answer: 'x' })).rule).toBe('answer-only-for-inquiry');
  });
});

describe('complaint decider: erasure', () => {
  const erase = (subjectId = SUBJECT) => ({ type: 'ErasePersonalData' as const, data: { subjectId, erasedBy: 'hq-admin' } });

  it('records the erasure once on a case of that complainant', () => {
    spec([storedEvent('ComplaintRegistered', registered())]).when(erase()).then([{ type: 'PersonalDataErased', data: { subjectId: SUBJECT, erasedBy: 'hq-admin' } }]);
    spec([storedEvent('ComplaintRegistered', registered()), storedEvent('PersonalDataErased', { subjectId: SUBJECT, erasedBy: 'hq-admin' })]).when(erase()).then([]);
  });

  it('refuses another person’s subject id and an unknown case', () => {
    spec([storedEvent('ComplaintRegistered', registered())]).when(erase('0b7d6f4e-1111-4222-8333-444455556666')).thenRefuses('not-the-complainant');
    spec([]).when(erase()).thenRefuses('not-registered');
  });
});
