import { randomBytes } from 'node:crypto';
import {
  decryptField,
  derivePersonalDataKeys,
  encryptField,
  maskEmail,
  maskName,
  maskPhone,
  newDataKey,
  normalisePhone,
  parseMasterKey,
  PersonalDataUnreadable,
  phoneBlindIndex,
  unwrapDataKey,
  wrapDataKey,
} from './personal-data.crypto';

const keys = derivePersonalDataKeys(randomBytes(32));
const SUBJECT = '6f1c0d1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f';
const CASE = '11111111-1111-4111-8111-111111111111';

describe('phone masking', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 138 1234 5678', '138****5678'],
    ['138-1234-5678', '138****5678'],
    ['021-6234 5678', '021****5678'],
    ['6234567', '62***67'],
    ['110', '****'],
  ])('masks %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('never shows the middle digits of a mobile number', () => {
    expect(maskPhone('13812345678')).not.toContain('1234');
  });
});

describe('name and e-mail masking', () => {
  it('keeps the family name only', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳小明')).toBe('欧***');
    expect(maskName('Li Wei')).toBe('L*****');
    expect(maskName('王')).toBe('王*');
  });

  it('keeps the first letter and the domain of an e-mail address', () => {
    expect(maskEmail('zhang.san@example.com')).toBe('z***@example.com');
  });
});

describe('phone normalisation for the blind index', () => {
  it.each(['13812345678', '+86 138 1234 5678', '0086-138-1234-5678', '86 13812345678', '（138）1234-5678', '１３８１２３４５６７８'])(
    '%s is the same phone as 13812345678',
    (phone) => {
      expect(normalisePhone(phone)).toBe('13812345678');
      expect(phoneBlindIndex(keys, phone)).toBe(phoneBlindIndex(keys, '13812345678'));
    },
  );

  it('another number, or the same number under another key, gives another index; no digits gives none', () => {
    expect(phoneBlindIndex(keys, '13812345679')).not.toBe(phoneBlindIndex(keys, '13812345678'));
    expect(phoneBlindIndex(derivePersonalDataKeys(randomBytes(32)), '13812345678')).not.toBe(phoneBlindIndex(keys, '13812345678'));
    expect(phoneBlindIndex(keys, '---')).toBeNull();
  });

  it('the index is an HMAC: it does not contain the number', () => {
    expect(phoneBlindIndex(keys, '13812345678')).toMatch(/^[0-9a-f]{64}$/);
    expect(phoneBlindIndex(keys, '13812345678')).not.toContain('13812345678');
  });
});

describe('field encryption', () => {
  it('round-trips a field under the person’s unwrapped data key', () => {
    const dataKey = newDataKey();
    const wrapped = wrapDataKey(keys, SUBJECT, dataKey);
    const sealed = encryptField(dataKey, SUBJECT, CASE, 'phone', '13812345678');
    expect(sealed.toString('utf8')).not.toContain('13812345678');
    expect(decryptField(unwrapDataKey(keys, SUBJECT, wrapped), SUBJECT, CASE, 'phone', sealed)).toBe('13812345678');
  });

  it('encrypts the same value differently each time', () => {
    const dataKey = newDataKey();
    expect(encryptField(dataKey, SUBJECT, CASE, 'name', '张三').equals(encryptField(dataKey, SUBJECT, CASE, 'name', '张三'))).toBe(false);
  });

  it('an erased key makes the data unreadable', () => {
    expect(() => unwrapDataKey(keys, SUBJECT, null)).toThrow(PersonalDataUnreadable);
  });

  it('a field moved to another person, case or field name, or tampered with, does not decrypt', () => {
    const dataKey = newDataKey();
    const sealed = encryptField(dataKey, SUBJECT, CASE, 'phone', '13812345678');
    expect(() => decryptField(dataKey, SUBJECT, CASE, 'name', sealed)).toThrow(PersonalDataUnreadable);
    expect(() => decryptField(dataKey, SUBJECT, '22222222-2222-4222-8222-222222222222', 'phone', sealed)).toThrow(PersonalDataUnreadable);
    expect(() => decryptField(newDataKey(), SUBJECT, CASE, 'phone', sealed)).toThrow(PersonalDataUnreadable);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => decryptField(dataKey, SUBJECT, CASE, 'phone', tampered)).toThrow(PersonalDataUnreadable);
  });

  it('a wrapped key only unwraps for its own person under the same master key', () => {
    const wrapped = wrapDataKey(keys, SUBJECT, newDataKey());
    expect(() => unwrapDataKey(keys, '22222222-2222-4222-8222-222222222222', wrapped)).toThrow(PersonalDataUnreadable);
    expect(() => unwrapDataKey(derivePersonalDataKeys(randomBytes(32)), SUBJECT, wrapped)).toThrow(PersonalDataUnreadable);
  });
});

describe('master key configuration', () => {
  it('takes 32 bytes of base64 and refuses anything else, with a message that says what to do', () => {
    const key = randomBytes(32);
    expect(parseMasterKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseMasterKey(undefined)).toThrow(/INTAKE_PII_MASTER_KEY.*32 random bytes/);
    expect(() => parseMasterKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => parseMasterKey('not base64 at all!')).toThrow(/32 bytes/);
  });
});
