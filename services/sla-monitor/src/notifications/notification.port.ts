import type { EntityManager } from 'typeorm';

/** One message to one person (or to a rung nobody holds, staffId null) about one case. */
export interface SlaNotification {
  /** Unique per case, escalation (or warning) and person: the same one is never sent twice. */
  key: string;
  complaintId: string;
  mallId: string;
  staffId: string | null;
  rung: string;
  subject: string;
  body: Record<string, unknown>;
}

/**
 * Where warnings and escalations go. The outbox adapter keeps them in sla-monitor's schema, in the
 * transaction that decided them; SMS, WeChat Work or e-mail adapters deliver from there later.
 */
export abstract class NotificationPort {
  abstract notify(manager: EntityManager, notifications: readonly SlaNotification[]): Promise<void>;
}
