/** Small numeric helpers shared by the benches. */

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
};

export const summarize = (values: readonly number[]): LatencySummary => {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length > 0 ? sorted[sorted.length - 1] : Number.NaN),
    mean: round(sorted.length > 0 ? sum / sorted.length : Number.NaN),
  };
};

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export const round = (value: number, digits = 2): number => {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** Milliseconds since the epoch with sub-millisecond resolution, comparable across processes on one host. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const say = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

export const pad = (text: string | number, width: number): string => String(text).padStart(width);

const ms = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : value === Number.POSITIVE_INFINITY ? '∞' : 'n/a');

export const formatLatency = (summary: LatencySummary): string =>
  `n=${summary.count}  p50=${ms(summary.p50)}  p90=${ms(summary.p90)}  p99=${ms(summary.p99)}  max=${ms(summary.max)}`;

export const envInt = (name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got ${raw}`);
  }
  return value;
};
