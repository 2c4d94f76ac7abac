import type { PGliteInterface } from '@electric-sql/pglite';
import {
  addComment,
  byteaBytes,
  captureUpdate,
  docFromUpdates,
  readDoc,
  toBase64,
  type DocReading,
  type NewComment,
} from '@plantkeep/shared/ydoc';
import type * as Y from 'yjs';
import type { LocalStore } from './local-store';

/** Where a document edit is queued: the local store, or the app runtime (which also waits for IndexedDB). */
export type DocWriter = Pick<LocalStore, 'pg' | 'mutate'>;

/**
 * A work order's Y.Doc on the device (docs/SPEC.md YD-7). The replica holds
 * its updates: synced rows of `ydoc_updates` plus the overlay rows of this
 * device's pending `ydoc.update` mutations, both read through the public
 * `ydoc_updates` view. The document is rebuilt from them for every read and
 * every edit: updates apply in any order and repeat safely (so a compaction
 * that replaced rows mid-sync changes nothing), and each edit gets a fresh
 * Yjs client id, so a refused edit never blocks the next one.
 *
 * Requesters do not sync `ydoc_updates` (documents carry internal
 * comments): their document holds only their own pending updates, which is
 * enough to add comments; the server merges them into the full document.
 */
export async function loadWorkOrderDoc(pg: PGliteInterface, docId: string): Promise<Y.Doc> {
  const { rows } = await pg.query<{ update: unknown }>(
    'select update from ydoc_updates where doc_id = $1',
    [docId],
  );
  return docFromUpdates(rows.map((r) => byteaBytes(r.update)));
}

/**
 * The plain steps and comments of a work order as this device sees them
 * (pending edits included). Throws when the rows cannot be read or an update
 * does not decode; the screen shows why and reads again (`DocLoader`).
 */
export async function readWorkOrderDoc(pg: PGliteInterface, docId: string): Promise<DocReading> {
  const doc = await loadWorkOrderDoc(pg, docId);
  try {
    return readDoc(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Makes an edit offline and queues it as `ydoc.update`: the shared mutator
 * applies it to the overlay at once (the update row and the changed step
 * and comment rows) and the sender delivers it when online. Returns null
 * when the edit changed nothing. Errors are those the server would give.
 */
export async function editWorkOrderDoc(
  store: DocWriter,
  docId: string,
  edit: (doc: Y.Doc) => void,
): Promise<{ seq: number } | null> {
  const doc = await loadWorkOrderDoc(store.pg, docId);
  const update = captureUpdate(doc, edit);
  doc.destroy();
  if (!update) return null;
  return store.mutate('ydoc.update', {
    docId,
    update: toBase64(update),
    updateId: globalThis.crypto.randomUUID(),
  });
}

/** Adds a comment by `authorId` now (id and time generated on the device). */
export async function commentOnWorkOrder(
  store: DocWriter,
  docId: string,
  comment: Omit<NewComment, 'id' | 'createdAt'> & { id?: string },
): Promise<{ id: string; seq: number } | null> {
  const id = comment.id ?? globalThis.crypto.randomUUID();
  const queued = await editWorkOrderDoc(store, docId, (d) =>
    addComment(d, { ...comment, id, createdAt: new Date().toISOString() }),
  );
  return queued ? { id, seq: queued.seq } : null;
}
