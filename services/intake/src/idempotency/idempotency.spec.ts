import { canonicalJson, judgeRepeatedKey } from './idempotency';

describe('request fingerprints', () => {
  it('do not depend on the order of keys, and leave out undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(canonicalJson({ a: { d: [1, { y: 2, z: 1 }] }, b: 1 }));
  });

  it('tell different requests apart', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });
});

describe('a repeated Idempotency-Key', () => {
  const first = { fingerprint: 'f1', status: 201, response: { id: 'c1', caseNumber: 'SH01-20261123-0001' } };

  it('with the same request returns the first answer, status and body', () => {
    expect(judgeRepeatedKey(first, 'f1')).toEqual({ type: 'answered', answer: { status: 201, body: { id: 'c1', caseNumber: 'SH01-20261123-0001' } } });
    expect(judgeRepeatedKey({ ...first, status: 200 }, 'f1')).toMatchObject({ answer: { status: 200 } });
  });

  it('with another request is refused', () => {
    expect(judgeRepeatedKey(first, 'f2')).toEqual({ type: 'reused-for-another-request' });
  });
});
