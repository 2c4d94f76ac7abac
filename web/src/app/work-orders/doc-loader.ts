import type { DocReading } from '@plantkeep/shared/ydoc';
import { messageOf } from '../ui/format';

export interface DocState {
  /** The last reading that succeeded; undefined until the first one does. */
  reading: DocReading | undefined;
  /** Why the latest read failed; undefined after a read succeeds. */
  error: string | undefined;
}

/**
 * Reads a work order's document for `useWorkOrderDoc`, one read per `load()`
 * (a change of its `ydoc_updates` rows, or the user's Retry). A failed read is
 * reported with its reason and keeps the last good reading, so the checklist
 * never waits on "Loading…" for a read that will not come (docs/SPEC.md YD-7);
 * only the latest read may change the state, and none after `cancel()`.
 */
export class DocLoader {
  private state: DocState = { reading: undefined, error: undefined };
  private generation = 0;

  constructor(
    private readonly read: () => Promise<DocReading>,
    private readonly onChange: (state: DocState) => void,
  ) {}

  current(): DocState {
    return this.state;
  }

  load(): void {
    const generation = ++this.generation;
    this.read().then(
      (reading) => {
        if (generation === this.generation) this.set({ reading, error: undefined });
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.set({ reading: this.state.reading, error: messageOf(error) });
      },
    );
  }

  cancel(): void {
    this.generation++;
  }

  private set(state: DocState): void {
    this.state = state;
    this.onChange(state);
  }
}
