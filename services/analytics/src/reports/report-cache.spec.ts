import { ReportCache } from './report-cache';

describe('ReportCache', () => {
  const policy = { version: 1 };

  it('serves the answer again while the version and the policy are the same', async () => {
    const cache = new ReportCache(8);
    const compute = jest.fn(async () => ({ figures: 1 }));
    const first = await cache.get('hq|2026-10', 'v1', policy, compute);
    const second = await cache.get('hq|2026-10', 'v1', policy, compute);
    expect(second).toBe(first);
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('computes again when the figures changed or the policy did', async () => {
    const cache = new ReportCache(8);
    const compute = jest.fn(async () => ({ figures: 1 }));
    await cache.get('hq|2026-10', 'v1', policy, compute);
    await cache.get('hq|2026-10', 'v2', policy, compute);
    await cache.get('hq|2026-10', 'v2', { version: 2 }, compute);
    expect(compute).toHaveBeenCalledTimes(3);
  });

  it('keeps neither failures nor forgotten answers, and evicts the least recently used', async () => {
    const cache = new ReportCache(2);
    await expect(cache.get('a', 'v1', policy, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    const compute = jest.fn(async () => 'a');
    await cache.get('a', 'v1', policy, compute);
    expect(compute).toHaveBeenCalledTimes(1);
    cache.forget('a');
    await cache.get('a', 'v1', policy, compute);
    expect(compute).toHaveBeenCalledTimes(2);
    await cache.get('b', 'v1', policy, async () => 'b');
    await cache.get('a', 'v1', policy, compute);
    await cache.get('c', 'v1', policy, async () => 'c');
    // a was used after b, so b went first.
    const b = jest.fn(async () => 'b');
    const c = jest.fn(async () => 'c');
    await cache.get('c', 'v1', policy, c);
    await cache.get('b', 'v1', policy, b);
    expect(c).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
  });
});
