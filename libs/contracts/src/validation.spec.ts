import { randomUUID } from 'node:crypto';
import { EVENT_CATALOGUE, type ComplaintEvent } from './catalogue';
import type { ComplaintRegisteredV1 } from './events/complaint-registered.event';
import { LEGACY_POLICY_VERSION, upcastComplaintRegisteredV1, type ComplaintRegisteredV2 } from './events/complaint-registered-v2.event';
import { validMetadata } from './test-support/valid-metadata';
import { assertValidEventData, EventContractViolation, parseEvent, upcastEvent } from './validation';

type Json = Record<string, unknown>;

const validData = (): ComplaintRegisteredV1 => ({
  caseNumber: 'SHA01-20250301-0042',
  channel: 'walk-in',
  kind: 'complaint',
  category: 'service-attitude',
  complainantType: 'consumer',
  description: 'The cashier at level 2 refused a refund for a faulty kettle.',
  receivedAt: '2025-03-01T09:15:00.000Z',
});

const validDataV2 = (): ComplaintRegisteredV2 => ({
  ...validData(),
  written: false,
  complainantSubjectId: randomUUID(),
  matterKey: 'b1 停车场',
  tenantUnit: 'L2-018',
  channelDetails: { recordedBy: 'sh01-desk-1', place: '1F 总服务台' },
  attachments: [{ reference: 'att://photos/123.jpg', mediaType: 'image/jpeg' }],
  policyVersion: 'sample-group-r1',
});

const validEvent = (): { type: string; data: Json; metadata: Json } => ({
  type: 'ComplaintRegistered',
  data: { ...validData() },
  metadata: validMetadata(),
});

/** Runs `fn`, insists it throws an EventContractViolation, and returns it. */
const violationOf = (fn: () => unknown): EventContractViolation => {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(EventContractViolation);
  return thrown as EventContractViolation;
};

const fieldsOf = (violation: EventContractViolation): string[] => violation.fieldErrors.map((e) => e.field).sort();

const messagesFor = (violation: EventContractViolation, field: string): string[] =>
  violation.fieldErrors.filter((e) => e.field === field).flatMap((e) => e.messages);

describe('parseEvent', () => {
  it('accepts a valid version-1 ComplaintRegistered and returns exactly type, data and metadata, upcast to the current version 3', () => {
    const raw = validEvent();
    const parsed = parseEvent(raw);
    expect(parsed).toEqual({
      type: 'ComplaintRegistered',
      data: upcastComplaintRegisteredV1(raw.data as unknown as ComplaintRegisteredV1),
      metadata: { ...raw.metadata, schemaVersion: 3 },
    });
    expect(parsed.type).toBe('ComplaintRegistered');
    expect(raw.metadata.schemaVersion).toBe(1);
  });

  it('accepts a version-2 ComplaintRegistered, upcast to version 3 with businessAffected unknown', () => {
    const raw = { ...validEvent(), data: { ...validDataV2() } as Json };
    raw.metadata.schemaVersion = 2;
    const parsed = parseEvent(raw);
    expect(parsed).toEqual({ type: 'ComplaintRegistered', data: raw.data, metadata: { ...raw.metadata, schemaVersion: 3 } });
    expect(parsed.data).not.toHaveProperty('businessAffected');
  });

  it('accepts a version-3 ComplaintRegistered with the business-affected fact, and rejects a non-boolean one', () => {
    const raw = { ...validEvent(), data: { ...validDataV2(), businessAffected: true } as Json };
    raw.metadata.schemaVersion = 3;
    expect(parseEvent(raw)).toEqual({ type: 'ComplaintRegistered', data: raw.data, metadata: raw.metadata });
    const wrong = { ...raw, data: { ...raw.data, businessAffected: 'yes' } as Json };
    expect(fieldsOf(violationOf(() => parseEvent(wrong)))).toContain('data.businessAffected');
  });

  it('checks old data against its own version: version-2 data labelled version 1 is a violation', () => {
    const raw = { ...validEvent(), data: { ...validDataV2() } as Json };
    const violation = violationOf(() => parseEvent(raw));
    expect(fieldsOf(violation)).toEqual(
      ['data.attachments', 'data.channelDetails', 'data.complainantSubjectId', 'data.matterKey', 'data.policyVersion', 'data.tenantUnit', 'data.written'].sort(),
    );
  });

  it('upcasts a version-1 letter as a written complaint with no subject, matter or channel details', () => {
    const raw = validEvent();
    raw.data.channel = 'letter';
    expect(parseEvent(raw).data).toMatchObject({
      written: true,
      complainantSubjectId: null,
      matterKey: null,
      channelDetails: {},
      attachments: [],
      policyVersion: LEGACY_POLICY_VERSION,
    });
  });

  it('accepts a causationId that is a UUID as well as null', () => {
    const raw = validEvent();
    raw.metadata.causationId = randomUUID();
    expect(parseEvent(raw).metadata.causationId).toBe(raw.metadata.causationId);
  });

  it('drops fields outside type/data/metadata instead of passing them through', () => {
    const raw = { ...validEvent(), smuggled: 'x' };
    expect(parseEvent(raw)).not.toHaveProperty('smuggled');
  });

  it.each([null, undefined, 'ComplaintRegistered', 42])('rejects a non-object event (%p)', (raw) => {
    const violation = violationOf(() => parseEvent(raw));
    expect(violation.eventType).toBe('unknown');
    expect(fieldsOf(violation)).toEqual(['']);
  });

  it('rejects an unknown event type', () => {
    const violation = violationOf(() => parseEvent({ ...validEvent(), type: 'ComplaintTeleported' }));
    expect(violation.code).toBe('EVENT_CONTRACT_VIOLATION');
    expect(violation.eventType).toBe('ComplaintTeleported');
    expect(violation.fieldErrors).toEqual([{ field: 'type', messages: ['unknown event type'] }]);
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'does not mistake the Object.prototype member %s for an event type',
    (type) => {
      const violation = violationOf(() => parseEvent({ ...validEvent(), type }));
      expect(fieldsOf(violation)).toEqual(['type']);
    },
  );

  it('rejects a missing or non-string type', () => {
    const { type: _type, ...withoutType } = validEvent();
    expect(fieldsOf(violationOf(() => parseEvent(withoutType)))).toEqual(['type']);
    expect(fieldsOf(violationOf(() => parseEvent({ ...validEvent(), type: 7 })))).toEqual(['type']);
  });

  it('names every missing metadata field', () => {
    const raw = validEvent();
    delete raw.metadata.eventId;
    delete raw.metadata.mallId;
    delete raw.metadata.correlationId;
    delete raw.metadata.streamPosition;
    delete raw.metadata.actor;
    const violation = violationOf(() => parseEvent(raw));
    expect(violation.eventType).toBe('ComplaintRegistered');
    expect(fieldsOf(violation)).toEqual(
      ['metadata.actor', 'metadata.correlationId', 'metadata.eventId', 'metadata.mallId', 'metadata.streamPosition'].sort(),
    );
  });

  it('rejects an event without metadata or without data', () => {
    const { metadata: _metadata, ...withoutMetadata } = validEvent();
    expect(fieldsOf(violationOf(() => parseEvent(withoutMetadata)))).toEqual(['metadata']);
    const { data: _data, ...withoutData } = validEvent();
    expect(fieldsOf(violationOf(() => parseEvent(withoutData)))).toEqual(['data']);
  });

  it.each([[[]], [[validData()]]])('rejects an array where the payload object should be (%p)', (data) => {
    const violation = violationOf(() => parseEvent({ ...validEvent(), data }));
    expect(violation.fieldErrors).toEqual([{ field: 'data', messages: ['must be an object'] }]);
  });

  it('rejects an array where the metadata object should be', () => {
    const violation = violationOf(() => parseEvent({ ...validEvent(), metadata: [validMetadata()] }));
    expect(violation.fieldErrors).toEqual([{ field: 'metadata', messages: ['must be an object'] }]);
  });

  it.each([
    ['null', null],
    ['an empty array', []],
    ['an array of actors', [{ type: 'staff', id: 'desk-7' }]],
    ['a string', 'desk-7'],
  ])('rejects an actor that is %s', (_label, actor) => {
    const raw = validEvent();
    raw.metadata.actor = actor;
    expect(fieldsOf(violationOf(() => parseEvent(raw)))).toEqual(['metadata.actor']);
  });

  it('checks the nested actor field by field', () => {
    const raw = validEvent();
    raw.metadata.actor = { type: 'robot', id: '' };
    const violation = violationOf(() => parseEvent(raw));
    expect(fieldsOf(violation)).toEqual(['metadata.actor.id', 'metadata.actor.type']);
  });

  it('rejects malformed metadata values (ids, timestamps, positions)', () => {
    const raw = validEvent();
    raw.metadata.eventId = 'not-a-uuid';
    raw.metadata.causationId = 'also-not-a-uuid';
    raw.metadata.occurredAt = '01/03/2025 09:14';
    raw.metadata.streamPosition = 0;
    const violation = violationOf(() => parseEvent(raw));
    expect(fieldsOf(violation)).toEqual(
      ['metadata.causationId', 'metadata.eventId', 'metadata.occurredAt', 'metadata.streamPosition'].sort(),
    );
  });

  it.each([
    ['channel', 'carrier-pigeon'],
    ['kind', 'rant'],
    ['category', 'parking'],
    ['complainantType', 'alien'],
  ])('rejects the bad enum value data.%s = %p', (field, value) => {
    const raw = validEvent();
    raw.data[field] = value;
    const violation = violationOf(() => parseEvent(raw));
    expect(fieldsOf(violation)).toEqual([`data.${field}`]);
  });

  it('reports every bad data field at once', () => {
    const raw = validEvent();
    raw.data.caseNumber = 'no-case-number';
    raw.data.description = '';
    raw.data.receivedAt = 'yesterday';
    delete raw.data.kind;
    const violation = violationOf(() => parseEvent(raw));
    expect(fieldsOf(violation)).toEqual(['data.caseNumber', 'data.description', 'data.kind', 'data.receivedAt']);
  });

  it('rejects extra fields in data, in metadata and in the nested actor', () => {
    const raw = validEvent();
    raw.data.customerPhone = '+86 138 0000 0000';
    raw.metadata.tenantSecret = 'x';
    raw.metadata.actor = { type: 'staff', id: 'desk-7', name: 'Li Wei' };
    const violation = violationOf(() => parseEvent(raw));
    expect(fieldsOf(violation)).toEqual(['data.customerPhone', 'metadata.actor.name', 'metadata.tenantSecret']);
    expect(messagesFor(violation, 'data.customerPhone').join(' ')).toMatch(/should not exist/);
  });

  it('rejects a schemaVersion it has no upcaster for', () => {
    const raw = validEvent();
    raw.metadata.schemaVersion = EVENT_CATALOGUE.ComplaintRegistered.schemaVersion + 1;
    const violation = violationOf(() => parseEvent(raw));
    expect(fieldsOf(violation)).toEqual(['metadata.schemaVersion']);
    expect(messagesFor(violation, 'metadata.schemaVersion').join(' ')).toMatch(new RegExp(`no upcaster from version ${raw.metadata.schemaVersion}`));
  });

  it.each([0, -1, 1.5, '1'])('rejects the malformed schemaVersion %p', (schemaVersion) => {
    const raw = validEvent();
    raw.metadata.schemaVersion = schemaVersion;
    expect(fieldsOf(violationOf(() => parseEvent(raw)))).toEqual(['metadata.schemaVersion']);
  });

  it('validates data against the schema of the named type, not any schema', () => {
    // A perfectly good CaseRouted payload labelled as ComplaintRegistered is still a violation.
    const raw = validEvent();
    raw.data = { owningDepartmentId: 'cs', handlingDepartmentId: 'eng', routingRuleId: 'r1', policyVersion: 'p1' };
    const violation = violationOf(() => parseEvent(raw));
    expect(fieldsOf(violation)).toEqual(
      expect.arrayContaining(['data.caseNumber', 'data.channel', 'data.handlingDepartmentId', 'data.owningDepartmentId']),
    );
  });

  it('puts the field errors into the message', () => {
    const raw = validEvent();
    raw.data.channel = 'carrier-pigeon';
    expect(violationOf(() => parseEvent(raw)).message).toMatch(/^ComplaintRegistered breaks its contract: data\.channel: /);
  });
});

describe('assertValidEventData', () => {
  it('accepts a valid ComplaintRegistered payload of either readable version and says which', () => {
    // Version-2 data fits version 3 (businessAffected is optional), so it is written as the current version.
    expect(assertValidEventData('ComplaintRegistered', validDataV2())).toBe(3);
    expect(assertValidEventData('ComplaintRegistered', { ...validDataV2(), businessAffected: false })).toBe(3);
    expect(assertValidEventData('ComplaintRegistered', validData())).toBe(1);
    expect(assertValidEventData('CaseRouted', { owningDepartmentId: 'o', handlingDepartmentId: 'h', routingRuleId: 'r', policyVersion: 'p' })).toBe(1);
  });

  it('names the errors of the version the payload comes closest to', () => {
    const violation = violationOf(() => assertValidEventData('ComplaintRegistered', { ...validDataV2(), written: 'yes' }));
    expect(fieldsOf(violation)).toEqual(['data.written']);
  });

  it('accepts valid payloads of the other event types', () => {
    expect(() =>
      assertValidEventData('CaseRouted', {
        owningDepartmentId: 'customer-service',
        handlingDepartmentId: 'engineering',
        routingRuleId: 'rule-17',
        policyVersion: '2025-03',
      }),
    ).not.toThrow();
    expect(() =>
      assertValidEventData('SlaClockMet', {
        clockId: 'c1',
        clockKind: 'first-response',
        metAt: '2025-03-01T10:00:00Z',
        withinTarget: true,
      }),
    ).not.toThrow();
  });

  it('rejects an unknown event type', () => {
    const violation = violationOf(() => assertValidEventData('ComplaintTeleported', validData()));
    expect(violation.eventType).toBe('ComplaintTeleported');
    expect(violation.fieldErrors).toEqual([{ field: 'type', messages: ['unknown event type'] }]);
  });

  it('rejects an Object.prototype member as an event type', () => {
    expect(fieldsOf(violationOf(() => assertValidEventData('constructor', validData())))).toEqual(['type']);
  });

  it.each([null, undefined, 'text', 3])('rejects a non-object payload (%p)', (data) => {
    const violation = violationOf(() => assertValidEventData('ComplaintRegistered', data));
    expect(violation.fieldErrors).toEqual([{ field: 'data', messages: ['must be an object'] }]);
  });

  it.each([[[]], [[validData()]]])('rejects an array payload (%p)', (data) => {
    const violation = violationOf(() => assertValidEventData('ComplaintRegistered', data));
    expect(violation.fieldErrors).toEqual([{ field: 'data', messages: ['must be an object'] }]);
  });

  it('names missing payload fields', () => {
    const { channel: _channel, receivedAt: _receivedAt, ...rest } = validData();
    const violation = violationOf(() => assertValidEventData('ComplaintRegistered', rest));
    expect(violation.eventType).toBe('ComplaintRegistered');
    expect(fieldsOf(violation)).toEqual(['data.channel', 'data.receivedAt']);
  });

  it('names bad enum values', () => {
    const violation = violationOf(() =>
      assertValidEventData('ComplaintRegistered', { ...validData(), category: 'parking', complainantType: 'alien' }),
    );
    expect(fieldsOf(violation)).toEqual(['data.category', 'data.complainantType']);
  });

  it('names extra fields', () => {
    const violation = violationOf(() =>
      assertValidEventData('ComplaintRegistered', { ...validData(), customerName: 'Zhang San', idCard: '1101' }),
    );
    expect(fieldsOf(violation)).toEqual(['data.customerName', 'data.idCard']);
  });

  it('rejects wrongly typed values (string where a boolean / integer belongs)', () => {
    const violation = violationOf(() =>
      assertValidEventData('SlaClockStarted', {
        clockId: 'c1',
        clockKind: 'first-response',
        startedAt: '2025-03-01T10:00:00Z',
        dueAt: '2025-03-01T12:00:00Z',
        targetMinutes: '120',
        policyVersion: 'p1',
      }),
    );
    expect(fieldsOf(violation)).toEqual(['data.targetMinutes']);
    const met = violationOf(() =>
      assertValidEventData('SlaClockMet', { clockId: 'c1', clockKind: 'k', metAt: '2025-03-01T10:00:00Z', withinTarget: 'yes' }),
    );
    expect(fieldsOf(met)).toEqual(['data.withinTarget']);
  });

  it('enforces length limits', () => {
    const violation = violationOf(() =>
      assertValidEventData('ComplaintRegistered', { ...validData(), description: 'x'.repeat(4001) }),
    );
    expect(fieldsOf(violation)).toEqual(['data.description']);
    expect(() => assertValidEventData('ComplaintRegistered', { ...validData(), description: 'x'.repeat(4000) })).not.toThrow();
  });
});

describe('upcastEvent', () => {
  it('leaves an event of the current version alone and upcasts an older one', () => {
    const current = { ...validEvent(), data: { ...validDataV2() } as Json };
    current.metadata.schemaVersion = 3;
    const typed = current as unknown as ComplaintEvent;
    expect(upcastEvent(typed)).toBe(typed);
    const old = validEvent() as unknown as ComplaintEvent;
    const upcast = upcastEvent(old);
    expect(upcast.metadata.schemaVersion).toBe(EVENT_CATALOGUE.ComplaintRegistered.schemaVersion);
    expect(upcast.data).toEqual(upcastComplaintRegisteredV1(old.data as unknown as ComplaintRegisteredV1));
  });
});
