import type { DocReading } from '@plantkeep/shared/ydoc';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import { editWorkOrderDoc, readWorkOrderDoc } from '../../sync/work-order-doc';
import { DocLoader, type DocState } from './doc-loader';

export interface WorkOrderDoc {
  /** The document as this device sees it (pending edits included); undefined while loading. */
  reading: DocReading | undefined;
  /** Why the latest read failed (the last good reading, if any, stays). */
  error: string | undefined;
  /** Reads the document again (after a failure). */
  retry: () => void;
  /** Runs an edit on a fresh copy of the document and queues it (`ydoc.update`). */
  edit: (change: (doc: Y.Doc) => void) => Promise<void>;
}

/**
 * A work order's Y.Doc, re-read whenever its `ydoc_updates` rows change
 * (a synced update, a compaction, or this device's own pending edit): the
 * live query over the update ids is the trigger, the document is rebuilt
 * from the rows (docs/SPEC.md YD-7). A failed read is reported; the next
 * change or `retry()` reads again.
 */
export function useWorkOrderDoc(workOrderId: string): WorkOrderDoc {
  const runtime = useRuntime();
  const trigger = useLiveQuery<{ n: number; ids: string | null }>(
    `select count(*)::int as n, string_agg(id::text, ',' order by id) as ids
       from ydoc_updates where doc_id = $1`,
    [workOrderId],
  ).rows?.[0];
  const version = trigger ? `${trigger.n}:${trigger.ids ?? ''}` : undefined;
  const [state, setState] = useState<DocState>({ reading: undefined, error: undefined });
  const loader = useMemo(
    () => new DocLoader(() => readWorkOrderDoc(runtime.pg, workOrderId), setState),
    [runtime, workOrderId],
  );
  useEffect(() => {
    setState(loader.current());
    return () => loader.cancel();
  }, [loader]);
  useEffect(() => {
    if (version !== undefined) loader.load();
  }, [loader, version]);
  const retry = useCallback(() => loader.load(), [loader]);
  const edit = useCallback(
    async (change: (doc: Y.Doc) => void) => {
      await editWorkOrderDoc(runtime, workOrderId, change);
    },
    [runtime, workOrderId],
  );
  return { ...state, retry, edit };
}
