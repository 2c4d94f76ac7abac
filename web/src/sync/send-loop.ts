import type { FlushOutcome, Sender } from './sender';

export interface SendLoopOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  onOutcome?: (outcome: FlushOutcome) => void;
}

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
      const outcome = await this.sender.flushOnce().catch((error: unknown): FlushOutcome => ({
        kind: 'retry',
        reason: `local error: ${String(error)}`,
      }));
      this.options.onOutcome?.(outcome);
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
