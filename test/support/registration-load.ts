/**
 * A bounded load of walk-in registrations, each with its own Idempotency-Key, retried like a careful
 * client: on a refused or dropped connection and on 502/503/504 it tries again with the same key;
 * any other answer is final. `accepted` maps each key to the complaint id the service answered with.
 */
export interface RegistrationLoadOptions {
  total: number;
  concurrency: number;
  /** Where POST /complaints goes (a service or the gateway's base URL). */
  baseUrl: string;
  bearer: string;
  keyPrefix: string;
  /** No registration is tried after this; a test never waits on the load longer. */
  deadlineMs: number;
  /** More fields for registration n (e.g. a receivedAt in the past, so its clocks are due at once). */
  extra?: (n: number) => Record<string, unknown>;
  /** Called after each accepted registration with the number accepted so far. */
  onAccepted?: (accepted: number) => void | Promise<void>;
}

export interface RegistrationLoadResult {
  accepted: Map<string, string>;
  /** Final answers other than 2xx: key → status and body. */
  refused: Map<string, string>;
  /** Keys still unanswered at the deadline. */
  unfinished: string[];
  retries: number;
}

const RETRYABLE = new Set([502, 503, 504]);

export const registrationBody = (n: number) => ({
  mallId: 'SH01',
  channel: 'walk-in',
  place: `${(n % 5) + 1}F 服务台`,
  kind: 'complaint',
  category: n % 2 === 0 ? 'service-attitude' : 'environment-facilities',
  complainantType: 'consumer',
  description: `负载登记 ${n} / load registration ${n}`,
});

/**
 * Every third registration received an hour before the load: its forward clock (10 minutes) is past
 * due when it is registered, so the SLA timers fire (breach, escalation) while the load runs.
 */
export const everyThirdReceivedAnHourAgo = (now = Date.now()): ((n: number) => Record<string, unknown>) => {
  const receivedAt = new Date(now - 3_600_000).toISOString();
  return (n) => (n % 3 === 0 ? { receivedAt } : {});
};

export const runRegistrationLoad = async (options: RegistrationLoadOptions): Promise<RegistrationLoadResult> => {
  const result: RegistrationLoadResult = { accepted: new Map(), refused: new Map(), unfinished: [], retries: 0 };
  const deadline = Date.now() + options.deadlineMs;
  let next = 0;
  const registerOne = async (n: number): Promise<void> => {
    const key = `${options.keyPrefix}-${n}`;
    while (Date.now() < deadline) {
      const answer = await fetch(`${options.baseUrl}/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: options.bearer, 'idempotency-key': key },
        body: JSON.stringify({ ...registrationBody(n), ...options.extra?.(n) }),
        signal: AbortSignal.timeout(15_000),
      }).then(
        async (response) => ({ status: response.status, body: (await response.text()) }),
        () => null,
      );
      if (answer && answer.status >= 200 && answer.status < 300) {
        result.accepted.set(key, (JSON.parse(answer.body) as { id: string }).id);
        await options.onAccepted?.(result.accepted.size);
        return;
      }
      if (answer && !RETRYABLE.has(answer.status)) {
        result.refused.set(key, `${answer.status} ${answer.body.slice(0, 300)}`);
        return;
      }
      result.retries++;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    result.unfinished.push(key);
  };
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.total) await registerOne(next++);
    }),
  );
  return result;
};
