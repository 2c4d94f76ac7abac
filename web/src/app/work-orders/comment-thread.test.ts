import type { CommentRecord } from '@plantkeep/shared/ydoc';
import { describe, expect, it } from 'vitest';
import {
  arrangeThread,
  commentFromRow,
  mergeComments,
  type CommentRow,
  type ThreadComment,
} from './comment-thread';

const requester = '00000000-0000-4000-8000-000000000001';
const supervisor = '00000000-0000-4000-8000-000000000002';
const id = (n: number) => `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`;

const docComment = (n: number, over: Partial<CommentRecord> = {}): CommentRecord => ({
  id: id(n),
  authorId: requester,
  createdAt: `2025-03-01T10:0${n}:00.000Z`,
  parentId: null,
  internal: false,
  deleted: false,
  body: `doc ${n}`,
  mentions: [],
  ...over,
});

const row = (n: number, over: Partial<CommentRow> = {}): CommentRow => ({
  id: id(n),
  author_id: supervisor,
  created_at: new Date(`2025-03-01T10:0${n}:00.000Z`),
  parent_id: null,
  internal: false,
  deleted: false,
  body: `row ${n}`,
  mentions: [],
  ...over,
});

describe('comments panel: document comments merged with synced rows', () => {
  it('a requester without the document sees the whole public thread from the rows', () => {
    const merged = mergeComments([], [row(1), row(2, { parent_id: id(1) })], { staff: false });
    expect(merged.map((c) => [c.id, c.body, c.inDoc])).toEqual([
      [id(1), 'row 1', false],
      [id(2), 'row 2', false],
    ]);
    expect(merged[1]?.parentId).toBe(id(1));
  });

  it('keeps one comment per id and the document wins over its row', () => {
    const merged = mergeComments(
      [docComment(1, { body: 'edited on this device' }), docComment(3)],
      [row(1, { body: 'as the server materialized it' }), row(2)],
      { staff: false },
    );
    expect(merged.map((c) => [c.id, c.body, c.inDoc])).toEqual([
      [id(1), 'edited on this device', true],
      [id(3), 'doc 3', true],
      [id(2), 'row 2', false],
    ]);
  });

  it('matches ids whatever their case', () => {
    const merged = mergeComments([docComment(1)], [row(1, { id: id(1).toUpperCase() })], {
      staff: true,
    });
    expect(merged).toHaveLength(1);
    expect(merged[0]?.inDoc).toBe(true);
  });

  it('never shows internal comments to a requester, from either source', () => {
    const docs = [docComment(1, { internal: true }), docComment(2)];
    const rows = [row(3, { internal: true }), row(4)];
    expect(mergeComments(docs, rows, { staff: false }).map((c) => c.id)).toEqual([id(2), id(4)]);
    expect(mergeComments(docs, rows, { staff: true }).map((c) => c.id)).toEqual([
      id(1),
      id(2),
      id(3),
      id(4),
    ]);
  });

  it('reads rows in both the array and the text form of their columns', () => {
    const c = commentFromRow(
      row(1, {
        created_at: '2025-03-01T10:01:00+00:00',
        mentions: `{${requester},${supervisor}}`,
        deleted: true,
      }),
    );
    expect(c).toEqual({
      id: id(1),
      authorId: supervisor,
      createdAt: '2025-03-01T10:01:00.000Z',
      parentId: null,
      internal: false,
      deleted: true,
      body: 'row 1',
      mentions: [requester, supervisor],
    });
    expect(commentFromRow(row(2, { mentions: '{}' })).mentions).toEqual([]);
  });
});

describe('comments panel: threading', () => {
  const thread = (comments: ThreadComment[]) => arrangeThread(comments);
  const merged = (docs: CommentRecord[], rows: CommentRow[]) =>
    mergeComments(docs, rows, { staff: false });

  it('orders roots and replies by time across both sources; orphans become roots', () => {
    const t = thread(
      merged(
        [docComment(4, { parentId: id(1) }), docComment(3)],
        [
          row(1),
          row(2, { parent_id: id(1) }),
          // Its parent is internal, so the requester does not see it: shown at the top level.
          row(5, { parent_id: id(9) }),
          row(9, { internal: true }),
        ],
      ),
    );
    expect(t.roots.map((c) => c.id)).toEqual([id(1), id(3), id(5)]);
    expect(t.repliesTo(id(1)).map((c) => c.id)).toEqual([id(2), id(4)]);
    expect(t.repliesTo(id(3))).toEqual([]);
  });
});
