import type { FlushOutcome, Sender } from './sender';

/** Outgoing work the loop drives: the mutation sender, and after it e.g. the photo uploads. */
export interface Flusher {
  flushOnce(): Promise<FlushOutcome>;
}

export interface SendLoopOptions {
  /**
   * Flushed in turn after the sender, once it has no batch to send at once
   * (anything but 'sent' / 'signed-out'): their 'sent' or 'retry' keeps the
   * loop going with the same backoff; `onOutcome` hears the sender only.
   */
  after?: () => Iterable<Flusher>;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  onOutcome?: (outcome: FlushOutcome) => void;
}

const flushSafely = (flusher: Flusher) =>
  flusher.flushOnce().catch((error: unknown): FlushOutcome => ({
    kind: 'retry',
    reason: `local error: ${String(error)}`,
  }));

/** How soon the loop must run again after an outcome: 0 at once, 1 after backoff, 2 when woken. */
const urgency = (outcome: FlushOutcome) =>
  outcome.kind === 'sent' ? 0 : outcome.kind === 'retry' ? 1 : 2;

/**
 * Keeps flushing while there is work: at once after a send, with exponential
 * backoff and jitter after a failure, paused while signed out or after a
 * fatal answer until `wake()` (new mutation, back online, signed in).
 */
export class SendLoop {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  /** A wake that arrived while a flush was in flight: honoured when that flush ends. */
  private wokenWhileRunning = false;
  private failures = 0;
  private stopped = true;

  constructor(
    private readonly sender: Sender,
    private readonly options: SendLoopOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  stop(): void {
    this.stopped = true;
    this.wokenWhileRunning = false;
    clearTimeout(this.timer);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      // The flush in flight may have read the queue before the new mutation
      // landed; flush once more when it ends, whatever it answers.
      this.wokenWhileRunning = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const sent = await flushSafely(this.sender);
      this.options.onOutcome?.(sent);
      let outcome = sent;
      if (sent.kind !== 'sent' && sent.kind !== 'signed-out') {
        for (const flusher of this.options.after?.() ?? []) {
          const next = await flushSafely(flusher);
          if (urgency(next) < urgency(outcome)) outcome = next;
        }
      }
      if (outcome.kind === 'sent') {
        this.failures = 0;
        this.schedule(0);
      } else if (outcome.kind === 'retry') {
        this.failures += 1;
        this.schedule(this.delay());
      }
    } finally {
      this.running = false;
    }
    if (this.wokenWhileRunning) {
      this.wokenWhileRunning = false;
      this.wake();
    }
  }

  private delay(): number {
    const base = this.options.baseDelayMs ?? 500;
    const max = this.options.maxDelayMs ?? 30_000;
    const exp = Math.min(max, base * 2 ** Math.min(this.failures - 1, 16));
    return Math.round(exp / 2 + (this.options.random ?? Math.random)() * (exp / 2));
  }
}
