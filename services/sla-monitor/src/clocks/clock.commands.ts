import type { ComplaintEventType } from '@mallcare/contracts';
import type { GroupPolicy } from '@mallcare/policy';
import type { SlaCaseFacts } from './clock-facts';

/** Another service's event of the case happened (its facts already noted): start, meet, notify, and fire what is due by `now`. */
export interface ObserveCaseEvent {
  type: 'ObserveCaseEvent';
  data: { eventType: ComplaintEventType; at: Date; facts: SlaCaseFacts; policy: GroupPolicy; now: Date };
}

/** The durable timer came due: warn, breach, climb the ladder, upgrade; recompute first if the policy in force changed. */
export interface FireDueClocks {
  type: 'FireDueClocks';
  data: { facts: SlaCaseFacts; policy: GroupPolicy; now: Date };
}

export interface PauseClocks {
  type: 'PauseClocks';
  data: { reason: string; by: string; policy: GroupPolicy; now: Date };
}

export interface ResumeClocks {
  type: 'ResumeClocks';
  data: { by: string; now: Date };
}

export type ClockCommand = ObserveCaseEvent | FireDueClocks | PauseClocks | ResumeClocks;
