import type { EntityManager } from 'typeorm';

/** JSON with keys in a fixed order, so the same request always has the same fingerprint. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

export interface StoredAnswer<T> {
  status: number;
  body: T;
}

export type IdempotencyClaim<T> = { type: 'claimed' } | { type: 'answered'; answer: StoredAnswer<T> } | { type: 'reused-for-another-request' };

/**
 * Claims a key inside the registering transaction. A second request with the key waits for the first
 * one's transaction, then finds its answer; if the first rolled back, the second claims the key itself.
 */
export const claimIdempotencyKey = async <T>(manager: EntityManager, mallId: string, key: string, fingerprint: string): Promise<IdempotencyClaim<T>> => {
  const claimed: unknown[] = await manager.query(
    `INSERT INTO intake.idempotency_keys (mall_id, idempotency_key, fingerprint) VALUES ($1, $2, $3)
     ON CONFLICT (mall_id, idempotency_key) DO NOTHING RETURNING 1`,
    [mallId, key, fingerprint],
  );
  if (claimed.length > 0) return { type: 'claimed' };
  const [row]: { fingerprint: string; status: number | null; response: T | null }[] = await manager.query(
    `SELECT fingerprint, status, response FROM intake.idempotency_keys WHERE mall_id = $1 AND idempotency_key = $2`,
    [mallId, key],
  );
  return judgeRepeatedKey({ fingerprint: row.fingerprint, status: row.status, response: row.response }, fingerprint);
};

/** A key seen before: the same request gets the first answer again; another request under it is refused. */
export const judgeRepeatedKey = <T>(first: { fingerprint: string; status: number | null; response: T | null }, fingerprint: string): IdempotencyClaim<T> => {
  if (first.fingerprint !== fingerprint) return { type: 'reused-for-another-request' };
  return { type: 'answered', answer: { status: first.status ?? 201, body: first.response as T } };
};

export const recordIdempotentAnswer = async <T>(manager: EntityManager, mallId: string, key: string, answer: StoredAnswer<T>): Promise<void> => {
  await manager.query(`UPDATE intake.idempotency_keys SET status = $3, response = $4 WHERE mall_id = $1 AND idempotency_key = $2`, [
    mallId,
    key,
    answer.status,
    JSON.stringify(answer.body),
  ]);
};
