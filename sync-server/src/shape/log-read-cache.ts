import type { LogRead } from './log-reader';

/**
 * Recent log reads, shared by every request that asks for the same range.
 * When a write wakes a thousand long-polls of the same shape at the same
 * offset, one of them reads the log and the others reuse its answer. Exact,
 * not approximate: a range (afterLsn, head] of a committed log never changes
 * (compaction only removes ranges below `compactedBefore`, which is checked
 * before any read), so the key below determines the answer.
 */
export class LogReadCache {
  private readonly entries = new Map<string, Promise<LogRead>>();

  constructor(private readonly capacity = 512) {}

  read(key: string, load: () => Promise<LogRead>): Promise<LogRead> {
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const pending = load();
    this.entries.set(key, pending);
    // Only evicts the failure so the next request retries; every caller awaiting it gets the error.
    pending.catch(() => this.entries.delete(key));
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return pending;
  }

  get size(): number {
    return this.entries.size;
  }
}
