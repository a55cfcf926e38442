import { exceptionFamily, FailureKind, MallcareException } from './mallcare-exception';

class ParcelException extends exceptionFamily({
  PARCEL_NOT_FOUND: FailureKind.NotFound,
  PARCEL_HELD: FailureKind.WrongState,
}) {}

// The typecheck refuses a code the family does not have: tsc fails here if it took one.
// @ts-expect-error PARCEL_LOST is not one of ParcelException's codes
const _typo = (): ParcelException => new ParcelException('PARCEL_LOST', 'lost');

describe('exceptionFamily', () => {
  it('gives each code the kind its family states, with the message and details as thrown', () => {
    const held = new ParcelException('PARCEL_HELD', 'the parcel is held at the desk', { desk: 'L1' });
    expect(held).toBeInstanceOf(MallcareException);
    expect(held).toBeInstanceOf(ParcelException);
    expect({ name: held.name, code: held.code, kind: held.kind, message: held.message, details: held.details }).toEqual({
      name: 'ParcelException',
      code: 'PARCEL_HELD',
      kind: FailureKind.WrongState,
      message: 'the parcel is held at the desk',
      details: { desk: 'L1' },
    });
    expect(new ParcelException('PARCEL_NOT_FOUND', 'no parcel 7').kind).toBe(FailureKind.NotFound);
  });
});
