import { copiedStatusOf } from './case-status-copy';

describe('intake’s copy of the case status follows its owners (issue 11 item 9)', () => {
  it('is resolved, open again, and closed as routing and callback say', () => {
    expect(copiedStatusOf([])).toBe('open');
    expect(copiedStatusOf(['CaseResolved'])).toBe('resolved');
    expect(copiedStatusOf(['CaseResolved', 'CaseClosed'])).toBe('closed');
    expect(copiedStatusOf(['CaseResolved', 'CaseReopened'])).toBe('open');
    expect(copiedStatusOf(['CaseResolved', 'CaseReopened', 'CaseResolved', 'CaseClosed'])).toBe('closed');
  });

  it('opens a case reopened after it was closed (a reopen that won the race with the closure stands, as in routing)', () => {
    expect(copiedStatusOf(['CaseResolved', 'CaseClosed', 'CaseReopened'])).toBe('open');
  });

  it('lets a closure of a resolution already reopened close nothing, like routing’s decider', () => {
    expect(copiedStatusOf(['CaseResolved', 'CaseReopened', 'CaseClosed'])).toBe('open');
  });
});
