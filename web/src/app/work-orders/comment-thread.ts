import type { CommentRecord } from '@plantkeep/shared/ydoc';

/**
 * The comments panel's data: the work order's Y.Doc comments merged with
 * its synced `work_order_comments` rows (what the server materialized from
 * the document). Requesters do not sync `ydoc_updates`, so their copy of the
 * document holds only their own pending comments; the rows (never internal
 * ones for them: the server's shape filters those) carry the rest of the
 * public thread. Closed history from the data generator has rows only.
 */

/** A `work_order_comments` row as the replica returns it. */
export interface CommentRow {
  id: string;
  author_id: string;
  created_at: Date | string;
  parent_id: string | null;
  internal: boolean;
  deleted: boolean;
  body: string;
  /** A uuid[]: an array from PGlite, `{a,b}` in the text form. */
  mentions: readonly string[] | string | null;
}

export interface ThreadComment extends CommentRecord {
  /**
   * The comment is in this device's copy of the document. Edits address the
   * document, so only these can be edited or deleted here; a row-only
   * comment can still be replied to (a reply is a new comment).
   */
  inDoc: boolean;
}

function isoTime(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

function uuidList(value: CommentRow['mentions']): string[] {
  if (value === null) return [];
  if (typeof value !== 'string') return [...value];
  const inner = value.replace(/^\{|\}$/g, '').trim();
  return inner === '' ? [] : inner.split(',').map((s) => s.trim());
}

/** A synced row as a comment record. */
export function commentFromRow(row: CommentRow): CommentRecord {
  return {
    id: row.id.toLowerCase(),
    authorId: row.author_id.toLowerCase(),
    createdAt: isoTime(row.created_at),
    parentId: row.parent_id === null ? null : row.parent_id.toLowerCase(),
    internal: row.internal,
    deleted: row.deleted,
    body: row.body,
    mentions: uuidList(row.mentions),
  };
}

/**
 * The comments a user sees: every document comment, plus every row whose
 * id the document lacks (the document wins: it is the source of truth and
 * holds this device's pending edits the rows may not show yet). Internal
 * comments only for staff (`canSeeInternalComments`), whatever the source.
 */
export function mergeComments(
  docComments: readonly CommentRecord[],
  rows: readonly CommentRow[],
  { staff }: { staff: boolean },
): ThreadComment[] {
  const merged = new Map<string, ThreadComment>();
  for (const c of docComments) {
    const id = c.id.toLowerCase();
    if (!merged.has(id)) merged.set(id, { ...c, id, inDoc: true });
  }
  for (const row of rows) {
    const c = commentFromRow(row);
    if (!merged.has(c.id)) merged.set(c.id, { ...c, inDoc: false });
  }
  return [...merged.values()].filter((c) => staff || !c.internal);
}

const byTime = (a: CommentRecord, b: CommentRecord) => {
  const diff = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  return Number.isNaN(diff) || diff === 0
    ? a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)
    : diff;
};

export interface Thread {
  /** Top-level comments, oldest first; a reply whose parent is not visible is shown as one. */
  roots: ThreadComment[];
  /** The replies to a comment, oldest first. */
  repliesTo: (id: string) => ThreadComment[];
}

export function arrangeThread(comments: readonly ThreadComment[]): Thread {
  const ids = new Set(comments.map((c) => c.id));
  const roots: ThreadComment[] = [];
  const replies = new Map<string, ThreadComment[]>();
  for (const c of comments) {
    if (c.parentId === null || !ids.has(c.parentId)) roots.push(c);
    else replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), c]);
  }
  roots.sort(byTime);
  for (const list of replies.values()) list.sort(byTime);
  return { roots, repliesTo: (id) => replies.get(id) ?? [] };
}
