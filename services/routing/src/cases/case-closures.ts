import type { CaseClosed, ComplaintEvent } from '@mallcare/contracts';

/**
 * The case's own events with callback's closures in between, in the order the two stores recorded
 * them (a closure goes after every own event recorded at or before it): the order they happened in.
 */
export const withClosures = (own: readonly ComplaintEvent[], closures: readonly CaseClosed[]): ComplaintEvent[] => {
  const merged: ComplaintEvent[] = [];
  let next = 0;
  for (const event of own) {
    while (next < closures.length && Date.parse(closures[next].metadata.recordedAt) < Date.parse(event.metadata.recordedAt)) merged.push(closures[next++]);
    merged.push(event);
  }
  return [...merged, ...closures.slice(next)];
};
