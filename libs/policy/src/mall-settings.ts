import type { CollectivePolicy, GroupPolicy, PolicyDuration, RepeatPolicy, SeverityPolicy } from './group-policy';
import { findMall } from './malls';

export interface EffectiveSettings {
  timeZone: string;
  severity: SeverityPolicy;
  collective: CollectivePolicy;
  repeat: RepeatPolicy;
  callback: { within: PolicyDuration };
}

/** The group's settings with the mall's own ones laid over them. */
export const settingsFor = (policy: GroupPolicy, mallId: string): EffectiveSettings => {
  const mall = findMall(policy, mallId);
  const own = mall?.settings ?? {};
  return {
    timeZone: mall?.timeZone ?? policy.timeZone,
    severity: own.severity ?? policy.severity,
    collective: own.collective ?? policy.collective,
    repeat: own.repeat ?? policy.repeat,
    callback: own.callback ?? policy.callback,
  };
};
