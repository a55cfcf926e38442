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

/** A key seen before: the same request gets the first answer again; another request under it is refused. */
export const judgeRepeatedKey = <T>(first: { fingerprint: string; status: number | null; response: T | null }, fingerprint: string): IdempotencyClaim<T> => {
  if (first.fingerprint !== fingerprint) return { type: 'reused-for-another-request' };
  return { type: 'answered', answer: { status: first.status ?? 201, body: first.response as T } };
};
