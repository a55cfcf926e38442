import type { GroupPolicy } from './group-policy';

const instantOf = (at: Date | string): number => (typeof at === 'string' ? Date.parse(at) : at.getTime());

/**
 * The version in force at an instant: the highest revision whose effectiveFrom has come. Before every
 * version (a case older than the seed), the oldest one. `versions` must not be empty.
 */
export const policyAt = (versions: readonly GroupPolicy[], at: Date | string): GroupPolicy => {
  if (versions.length === 0) throw new Error('a policy history needs at least one version');
  const instant = instantOf(at);
  let found: GroupPolicy | undefined;
  let oldest = versions[0];
  for (const version of versions) {
    if (version.revision < oldest.revision) oldest = version;
    if (Date.parse(version.effectiveFrom) <= instant && (!found || version.revision > found.revision)) found = version;
  }
  return found ?? oldest;
};

/** The newest revision known, whether or not it is in force yet (changes are made on top of it). */
export const latestRevision = (versions: readonly GroupPolicy[]): GroupPolicy => {
  if (versions.length === 0) throw new Error('a policy history needs at least one version');
  return versions.reduce((latest, version) => (version.revision > latest.revision ? version : latest));
};
