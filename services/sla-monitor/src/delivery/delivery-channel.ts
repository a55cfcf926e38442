import type { NotificationChannel } from '@mallcare/policy';
import type { RenderedMessage } from '../notifications/notification-message';

/** One claimed row to send: to a person (staffId) or to a group robot (robotId). */
export interface DeliveryTarget {
  deliveryId: string;
  deliveryKey: string;
  complaintId: string;
  caseNumber: string | null;
  kind: string;
  rung: string;
  staffId: string | null;
  robotId: string | null;
  dueAt: string | null;
}

/** What the channel answered when it took the message (its message id, a robot's errmsg, the SMS BizId). */
export interface Accepted {
  reference: string | null;
}

/**
 * One way of reaching people. `send` resolves once the channel has accepted the message, and throws a
 * DeliveryFailure otherwise: `permanent` when trying again cannot help (no address on file, the
 * channel is not configured, the receiver refused the request as malformed).
 */
export abstract class DeliveryChannel {
  abstract readonly channel: NotificationChannel;
  abstract send(target: DeliveryTarget, message: RenderedMessage, timeoutMs: number): Promise<Accepted>;
}

export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}

/** The channels the service delivers on (a multi-provider token: one entry per channel). */
export const DELIVERY_CHANNELS = Symbol('DELIVERY_CHANNELS');

/** An HTTP answer read as a delivery outcome: 5xx, 408 and 429 may pass, other 4xx will not. */
export const failureOfStatus = (status: number, what: string): DeliveryFailure =>
  new DeliveryFailure(`${what} answered HTTP ${status}`, status >= 400 && status < 500 && status !== 408 && status !== 429);

/** A fetch that gives up after `timeoutMs`, reporting the timeout as a failure to retry. */
export const fetchWithin = async (url: string, init: RequestInit, timeoutMs: number, what: string): Promise<Response> => {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    // The abort arrives as a DOMException, which need not be an Error of this realm.
    const name = (error as { name?: unknown } | null)?.name;
    const reason = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${timeoutMs} ms` : String((error as { message?: unknown } | null)?.message ?? error);
    throw new DeliveryFailure(`${what}: ${reason}`, false);
  }
};
