import type { DocReading } from '@plantkeep/shared/ydoc';
import { describe, expect, it } from 'vitest';
import { DocLoader, type DocState } from './doc-loader';

const reading = (title: string): DocReading =>
  ({ steps: [{ id: title, title }], comments: [] }) as unknown as DocReading;

/** A read function whose calls are settled by the test, in any order. */
function scriptedReads() {
  const calls: { resolve: (r: DocReading) => void; reject: (e: Error) => void }[] = [];
  const read = () => new Promise<DocReading>((resolve, reject) => calls.push({ resolve, reject }));
  return { read, calls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('DocLoader (YD-7: a failed read of the device document is shown and recovers)', () => {
  it('YD-7 a failed first read reports its reason instead of loading forever', async () => {
    const { read, calls } = scriptedReads();
    const states: DocState[] = [];
    const loader = new DocLoader(read, (s) => states.push(s));
    loader.load();
    calls[0]!.reject(new Error('invalid update bytes'));
    await settle();
    expect(loader.current()).toEqual({ reading: undefined, error: 'invalid update bytes' });
    expect(states).toHaveLength(1);
  });

  it('YD-7 the next load (a change of the rows, or Retry) clears the error', async () => {
    const { read, calls } = scriptedReads();
    const loader = new DocLoader(read, () => undefined);
    loader.load();
    calls[0]!.reject(new Error('worker gone'));
    await settle();
    loader.load();
    calls[1]!.resolve(reading('Check oil'));
    await settle();
    expect(loader.current()).toEqual({ reading: reading('Check oil'), error: undefined });
  });

  it('YD-7 a failure after a good read keeps the last good reading on screen', async () => {
    const { read, calls } = scriptedReads();
    const loader = new DocLoader(read, () => undefined);
    loader.load();
    calls[0]!.resolve(reading('Check oil'));
    await settle();
    loader.load();
    calls[1]!.reject(new Error('worker gone'));
    await settle();
    expect(loader.current()).toEqual({ reading: reading('Check oil'), error: 'worker gone' });
  });

  it('YD-7 an older read that finishes last does not overwrite a newer one', async () => {
    const { read, calls } = scriptedReads();
    const loader = new DocLoader(read, () => undefined);
    loader.load();
    loader.load();
    calls[1]!.resolve(reading('new'));
    await settle();
    calls[0]!.reject(new Error('stale failure'));
    await settle();
    expect(loader.current()).toEqual({ reading: reading('new'), error: undefined });
  });

  it('YD-7 nothing is reported after cancel (the screen went away)', async () => {
    const { read, calls } = scriptedReads();
    const states: DocState[] = [];
    const loader = new DocLoader(read, (s) => states.push(s));
    loader.load();
    loader.cancel();
    calls[0]!.reject(new Error('late'));
    await settle();
    expect(states).toEqual([]);
  });
});
