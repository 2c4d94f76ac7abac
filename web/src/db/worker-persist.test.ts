import { describe, expect, it } from 'vitest';
import { coalescingFlush } from './worker-persist';

/** A flush whose runs are started and finished by the test. */
function controlledFlush() {
  const runs: { finish: () => void; fail: (error: Error) => void }[] = [];
  const flush = () =>
    new Promise<void>((resolve, reject) => {
      runs.push({ finish: resolve, fail: reject });
    });
  return { runs, flush };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('coalescingFlush (the leader copies to IndexedDB once at a time)', () => {
  it('runs one copy at a time and serves every call made meanwhile by one later copy', async () => {
    const { runs, flush } = controlledFlush();
    const request = coalescingFlush(flush);
    const done: string[] = [];
    void request().then(() => done.push('a'));
    await tick();
    expect(runs).toHaveLength(1);
    // Calls while a copy runs wait for the next copy, which starts only after the running one.
    void request().then(() => done.push('b'));
    void request().then(() => done.push('c'));
    await tick();
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await tick();
    expect(done).toEqual(['a']);
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await tick();
    expect(done).toEqual(['a', 'b', 'c']);
    expect(runs).toHaveLength(2);
  });

  it('a call made after a copy began is not answered by that copy', async () => {
    const { runs, flush } = controlledFlush();
    const request = coalescingFlush(flush);
    void request();
    await tick();
    let served = false;
    void request().then(() => (served = true));
    runs[0]!.finish();
    await tick();
    expect(served).toBe(false);
    runs[1]!.finish();
    await tick();
    expect(served).toBe(true);
  });

  it('a failed copy rejects its callers and does not stop the next one', async () => {
    const { runs, flush } = controlledFlush();
    const request = coalescingFlush(flush);
    const first = request();
    await tick();
    const second = request();
    runs[0]!.fail(new Error('quota'));
    await expect(first).rejects.toThrow('quota');
    await tick();
    runs[1]!.finish();
    await expect(second).resolves.toBeUndefined();
  });
});
