import { z } from 'zod';
import { authorizeDocChanges } from '../ydoc/authorize';
import { applyClientUpdate, byteaBytes, decodeUpdateArg, docFromUpdates } from '../ydoc/codec';
import { diffReadings } from '../ydoc/diff';
import { materializeChanges } from '../ydoc/materialize';
import { readDoc } from '../ydoc/read';
import { id } from './args';
import { defineMutator } from './define';
import { lockReadableWorkOrder } from './work-order-access';

/**
 * `ydoc.update {docId, update}` (docs/SPEC.md YD-*): a Yjs update of a work
 * order's document, base64. Both sides rebuild the document from the
 * `ydoc_updates` rows they can see, apply the update, check what changed
 * against the actor's permissions, append the update and write the changed
 * steps and comments to their relational rows, all in the mutation's
 * transaction. A refused update leaves nothing behind.
 */
export const updateYdoc = defineMutator(
  {
    name: 'ydoc.update',
    label: 'Checklist or comment edits on a work order',
  },
  z.strictObject({
    docId: id,
    update: z.string().min(1).max(2_000_000),
    /** The id of the stored update row; generated when absent. */
    updateId: id.optional(),
  }),
  async (tx, args) => {
    // One document update at a time per work order (MU-8): the rows read below
    // must include every update committed before this one, or the materialized
    // rows of two concurrent updates could disagree with the merged document.
    // Not found or not allowed to read look the same (MU-10).
    const { scope } = await lockReadableWorkOrder(tx, args.docId);
    const update = decodeUpdateArg(args.update);

    const stored = await tx.list('ydoc_updates', { doc_id: args.docId });
    const doc = docFromUpdates(stored.map((r) => byteaBytes(r.update)));
    const before = readDoc(doc);
    applyClientUpdate(doc, update);
    const changes = diffReadings(before, readDoc(doc));
    authorizeDocChanges(tx.actor, scope, changes);

    await tx.insert('ydoc_updates', {
      id: args.updateId ?? globalThis.crypto.randomUUID(),
      doc_id: args.docId,
      update,
      client_id: tx.origin?.clientId ?? null,
      mutation_seq: tx.origin?.seq ?? null,
      actor_id: tx.actor.userId,
      compacted_from: null,
      created_at: tx.now(),
    });
    await materializeChanges(tx, args.docId, changes);
  },
);
