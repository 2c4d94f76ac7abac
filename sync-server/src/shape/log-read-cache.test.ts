import { describe, expect, it } from 'vitest';
import type { LogRead } from './log-reader';
import { LogReadCache } from './log-read-cache';

const read = (throughLsn: bigint): LogRead => ({
  messages: [],
  throughLsn,
  more: false,
  lastPosition: 0,
});

describe('LogReadCache', () => {
  it('answers concurrent requests for one range with one read', async () => {
    const cache = new LogReadCache();
    let loads = 0;
    const load = () => {
      loads++;
      return Promise.resolve(read(7n));
    };
    const answers = await Promise.all([cache.read('a', load), cache.read('a', load)]);
    expect(loads).toBe(1);
    expect(answers[0]).toBe(answers[1]);
    await cache.read('b', load);
    expect(loads).toBe(2);
  });

  it('forgets a failed read, so the next request reads again', async () => {
    const cache = new LogReadCache();
    await expect(cache.read('a', () => Promise.reject(new Error('db down')))).rejects.toThrow();
    await Promise.resolve();
    expect((await cache.read('a', () => Promise.resolve(read(3n)))).throughLsn).toBe(3n);
  });

  it('keeps at most its capacity, dropping the least recently used', async () => {
    const cache = new LogReadCache(2);
    let loads = 0;
    const load = () => {
      loads++;
      return Promise.resolve(read(1n));
    };
    await cache.read('a', load);
    await cache.read('b', load);
    await cache.read('a', load); // a is now the most recent
    await cache.read('c', load); // evicts b
    expect(cache.size).toBe(2);
    await cache.read('a', load);
    expect(loads).toBe(3);
    await cache.read('b', load);
    expect(loads).toBe(4);
  });
});
