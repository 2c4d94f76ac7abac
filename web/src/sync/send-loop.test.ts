import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FlushOutcome, Sender } from './sender';
import { SendLoop } from './send-loop';

/** A Sender that answers from a script, for driving the loop's timing with fake timers. */
function scriptedSender(script: FlushOutcome[]) {
  const calls: number[] = [];
  const sender = {
    flushOnce: () => {
      calls.push(Date.now());
      return Promise.resolve(script.shift() ?? { kind: 'idle' as const });
    },
  } as unknown as Sender;
  return { sender, calls };
}

describe('SendLoop', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('sends again at once after a send, backs off exponentially after failures, and stops when idle', async () => {
    const { sender, calls } = scriptedSender([
      { kind: 'sent', throughSeq: 100 },
      { kind: 'retry', reason: 'network' },
      { kind: 'retry', reason: 'network' },
      { kind: 'retry', reason: 'network' },
      { kind: 'sent', throughSeq: 150 },
    ]);
    const loop = new SendLoop(sender, { baseDelayMs: 1000, maxDelayMs: 30_000, random: () => 1 });
    loop.start();
    await vi.advanceTimersByTimeAsync(60_000);
    // sent → at once: retry → 1 s → retry → 2 s → retry → 4 s → sent → at once: idle
    // (a timer of 0 ms fires after 1 ms under Node).
    const gaps = calls.slice(1).map((at, i) => at - (calls[i] ?? 0));
    expect(gaps).toEqual([1, 1000, 2000, 4000, 1]);
    loop.stop();
  });

  it('waits while signed out until woken, and survives a throwing sender', async () => {
    let n = 0;
    const sender = {
      flushOnce: () => {
        n += 1;
        if (n === 2) return Promise.reject(new Error('replica closed'));
        return Promise.resolve<FlushOutcome>(n === 1 ? { kind: 'signed-out' } : { kind: 'idle' });
      },
    } as unknown as Sender;
    const loop = new SendLoop(sender, { baseDelayMs: 100, random: () => 0 });
    loop.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(n).toBe(1);
    loop.wake();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(n).toBe(3);
    loop.stop();
  });

  it('CL-8: a wake during a flush that ends idle flushes again at once, not at the next periodic wake', async () => {
    // The first flush read the queue before the new mutation landed: it ends idle.
    const flushes: { resolve: (outcome: FlushOutcome) => void }[] = [];
    const sender = {
      flushOnce: () =>
        new Promise<FlushOutcome>((resolve) => {
          flushes.push({ resolve });
        }),
    } as unknown as Sender;
    const loop = new SendLoop(sender);
    loop.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(flushes).toHaveLength(1);
    loop.wake(); // a mutation is queued while the flush is in flight
    await vi.advanceTimersByTimeAsync(5);
    expect(flushes).toHaveLength(1); // one flush at a time
    flushes[0]?.resolve({ kind: 'idle' });
    await vi.advanceTimersByTimeAsync(5);
    expect(flushes).toHaveLength(2);
    flushes[1]?.resolve({ kind: 'idle' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(flushes).toHaveLength(2); // and the loop is idle again afterwards
    loop.stop();
  });

  it('CL-9: after-flushers (photo uploads) run once the queue is idle, back off on retry, and wait while batches are still going out', async () => {
    const { sender, calls } = scriptedSender([{ kind: 'sent', throughSeq: 7 }]);
    const photoScript: FlushOutcome[] = [
      { kind: 'retry', reason: 'work order not on the server yet' },
      { kind: 'retry', reason: 'work order not on the server yet' },
      { kind: 'idle' },
    ];
    const photoCalls: number[] = [];
    const photos = {
      flushOnce: () => {
        photoCalls.push(Date.now());
        return Promise.resolve(photoScript.shift() ?? { kind: 'idle' as const });
      },
    };
    const heard: FlushOutcome[] = [];
    const loop = new SendLoop(sender, {
      after: () => [photos],
      baseDelayMs: 1000,
      random: () => 1,
      onOutcome: (o) => heard.push(o),
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(60_000);
    // sent (photos wait) → idle + photo retry → 1 s → idle + photo retry → 2 s → idle + photos idle: stop.
    expect(calls).toHaveLength(4);
    expect(photoCalls).toHaveLength(3);
    expect(photoCalls[0]).toBe(calls[1]);
    const gaps = photoCalls.slice(1).map((at, i) => at - (photoCalls[i] ?? 0));
    expect(gaps).toEqual([1000, 2000]);
    // The status bar hears the mutation sender only.
    expect(heard.map((o) => o.kind)).toEqual(['sent', 'idle', 'idle', 'idle']);
    loop.wake(); // a new capture
    await vi.advanceTimersByTimeAsync(10);
    expect(photoCalls).toHaveLength(4);
    loop.stop();
  });
});
