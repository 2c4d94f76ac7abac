import type { DocReading } from '@plantkeep/shared/ydoc';
import { useCallback, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import { editWorkOrderDoc, readWorkOrderDoc } from '../../sync/work-order-doc';

export interface WorkOrderDoc {
  /** The document as this device sees it (pending edits included); undefined while loading. */
  reading: DocReading | undefined;
  /** Runs an edit on a fresh copy of the document and queues it (`ydoc.update`). */
  edit: (change: (doc: Y.Doc) => void) => Promise<void>;
}

/**
 * A work order's Y.Doc, re-read whenever its `ydoc_updates` rows change
 * (a synced update, a compaction, or this device's own pending edit): the
 * live query over the update ids is the trigger, the document is rebuilt
 * from the rows (docs/SPEC.md YD-7).
 */
export function useWorkOrderDoc(workOrderId: string): WorkOrderDoc {
  const runtime = useRuntime();
  const trigger = useLiveQuery<{ n: number; ids: string | null }>(
    `select count(*)::int as n, string_agg(id::text, ',' order by id) as ids
       from ydoc_updates where doc_id = $1`,
    [workOrderId],
  ).rows?.[0];
  const version = trigger ? `${trigger.n}:${trigger.ids ?? ''}` : undefined;
  const [reading, setReading] = useState<DocReading>();
  useEffect(() => {
    if (version === undefined) return;
    let cancelled = false;
    readWorkOrderDoc(runtime.pg, workOrderId).then(
      (r) => {
        if (!cancelled) setReading(r);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [runtime, workOrderId, version]);
  const edit = useCallback(
    async (change: (doc: Y.Doc) => void) => {
      await editWorkOrderDoc(runtime, workOrderId, change);
    },
    [runtime, workOrderId],
  );
  return { reading, edit };
}

/** The message of anything thrown, for a notice on screen. */
export const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);
