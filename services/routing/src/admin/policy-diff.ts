/** One difference between two policy versions: where, and the value before and after (null: absent). */
export interface PolicyDifference {
  path: string;
  before: unknown;
  after: unknown;
}

/** Bookkeeping of a version, not a rule: left out of its diff. */
const VERSION_FIELDS = new Set(['version', 'revision', 'effectiveFrom']);
/** A diff stops here: a change of the whole organisation reads as "too many to list", not megabytes. */
export const MAX_DIFFERENCES = 200;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const keyed = (value: unknown): value is { id: string }[] => Array.isArray(value) && value.length > 0 && value.every((item) => isRecord(item) && typeof item.id === 'string');
/** Key order is no difference (a version read back from jsonb has its keys reordered). */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) => (isRecord(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))) : item));
const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/**
 * What changed from one policy version to the next, leaf by leaf, readable by a person: objects by key
 * (`malls[SH01].settings.collective.windowMinutes`), lists of things with an id by that id (malls,
 * staff, departments, rules), any other list as one value.
 */
export const policyDiff = (before: unknown, after: unknown): PolicyDifference[] => {
  const out: PolicyDifference[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (out.length >= MAX_DIFFERENCES || same(a, b)) return;
    // Something added or removed whole is listed leaf by leaf, like any change.
    if ((isRecord(a) || a === undefined || a === null) && (isRecord(b) || b === undefined || b === null) && (isRecord(a) || isRecord(b))) {
      const left = isRecord(a) ? a : {};
      const right = isRecord(b) ? b : {};
      for (const key of [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()) {
        if (path === '' && VERSION_FIELDS.has(key)) continue;
        walk(left[key], right[key], path ? `${path}.${key}` : key);
      }
      return;
    }
    if ((keyed(a) || (Array.isArray(a) && a.length === 0)) && (keyed(b) || (Array.isArray(b) && b.length === 0)) && (keyed(a) || keyed(b))) {
      const byId = (list: { id: string }[]) => new Map(list.map((item) => [item.id, item]));
      const left = byId(a as { id: string }[]);
      const right = byId(b as { id: string }[]);
      for (const id of [...new Set([...left.keys(), ...right.keys()])]) walk(left.get(id), right.get(id), `${path}[${id}]`);
      return;
    }
    out.push({ path, before: a ?? null, after: b ?? null });
  };
  walk(before, after, '');
  return out;
};
