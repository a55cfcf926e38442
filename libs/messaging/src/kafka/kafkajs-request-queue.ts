/** The part of kafkajs' per-connection RequestQueue (src/network/requestQueue) that is replaced here. */
interface RequestQueue {
  pending: unknown[];
  inflight: Map<number, { sentAt: number; requestTimeout: number; timeoutRequest: () => void }>;
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  requestTimeoutIntervalId?: NodeJS.Timeout;
  enforceRequestTimeout: boolean;
  requestTimeout: number;
  isConnected: () => boolean;
  checkPendingRequests: () => void;
  scheduleCheckPendingRequests: () => void;
  scheduleRequestTimeoutCheck: () => void;
  destroy: () => void;
}

/** kafkajs' own interval for re-checking requests held back by the in-flight limit. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;
/** How often in-flight requests are checked against their timeout (kafkajs: every 100 ms; the timeouts are 30 s and more). */
export const REQUEST_TIMEOUT_CHECK_MS = 1_000;

/**
 * kafkajs 2.2.4 (its last release) keeps every broker connection busy when nothing happens: after each
 * response `scheduleCheckPendingRequests` arms `setTimeout(check, throttledUntil - now)`, and with no
 * throttling that delay is negative, i.e. 1 ms, and the check arms the next one: a 1 ms timer loop per
 * connection for the life of the process (tulios/kafkajs#1704, #1751; Node 24 warns TimeoutNegativeWarning).
 * Measured on the pipeline bench it was most of each idle service's CPU. Fixed here, in the one module
 * that loads kafkajs: a check is armed only while requests wait in `pending` (they are also checked on
 * every response and request timeout, as before). The in-flight timeout sweep runs every second instead
 * of every 100 ms.
 */
export const patchKafkaRequestQueue = (): void => {
  // The module instance kafkajs itself loads (also under Jest's module registry); kafkajs has no exports map.
  const RequestQueueClass = require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueue; patchedByMallcare?: boolean };
  if (RequestQueueClass.patchedByMallcare) return;
  RequestQueueClass.patchedByMallcare = true;
  const prototype = RequestQueueClass.prototype;

  prototype.scheduleCheckPendingRequests = function (this: RequestQueue) {
    if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
    const untilUnthrottled = this.throttledUntil - Date.now();
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS,
    );
  };

  prototype.scheduleRequestTimeoutCheck = function (this: RequestQueue) {
    if (!this.enforceRequestTimeout) return;
    this.destroy();
    this.requestTimeoutIntervalId = setInterval(
      () => {
        this.inflight.forEach((request) => {
          if (Date.now() - request.sentAt > request.requestTimeout) request.timeoutRequest();
        });
        if (!this.isConnected()) this.destroy();
      },
      Math.min(this.requestTimeout, REQUEST_TIMEOUT_CHECK_MS),
    );
  };
};
