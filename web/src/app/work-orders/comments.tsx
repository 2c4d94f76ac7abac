import { can, canSeeInternalComments } from '@plantkeep/shared';
import { addComment, deleteComment, setCommentBody } from '@plantkeep/shared/ydoc';
import { useState } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import {
  arrangeThread,
  mergeComments,
  type CommentRow,
  type ThreadComment,
} from './comment-thread';
import { DocProblem } from './doc-problem';
import type { WorkOrderDoc } from './use-work-order-doc';
import { messageOf } from '../ui/format';

function formatWhen(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleString(undefined, {
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
}

/**
 * The work order's comments from its Y.Doc merged with the synced
 * `work_order_comments` rows (a requester's device holds only their own
 * pending part of the document: `comment-thread.ts`), threaded (a reply
 * names its parent): add, reply, edit and soft-delete one's own, internal
 * comments for staff. The server re-checks every change (docs/SPEC.md YD-3).
 */
export function Comments({
  workOrderId,
  doc,
  canComment,
}: {
  workOrderId: string;
  doc: WorkOrderDoc;
  canComment: boolean;
}) {
  const { actor } = useRuntime();
  const [problem, setProblem] = useState<string>();
  const names = new Map(
    (useLiveQuery<{ id: string; name: string }>('select id, name from users').rows ?? []).map(
      (u) => [u.id, u.name],
    ),
  );
  const rows = useLiveQuery<CommentRow>(
    `select id, author_id, created_at, parent_id, internal, deleted, body, mentions
       from work_order_comments where work_order_id = $1`,
    [workOrderId],
  ).rows;
  const staff = canSeeInternalComments(actor);
  const moderator = can(actor, 'comments:moderate');
  const inDoc = doc.reading?.comments;
  if (!inDoc || !rows) {
    if (doc.error !== undefined) return <DocProblem doc={doc} what="comments" />;
    return <p className="notice">Loading comments…</p>;
  }
  const { roots, repliesTo } = arrangeThread(mergeComments(inDoc, rows, { staff }));

  const post = async (body: string, parentId: string | null, internal: boolean) => {
    setProblem(undefined);
    try {
      await doc.edit((d) =>
        addComment(d, {
          id: globalThis.crypto.randomUUID(),
          authorId: actor.userId,
          createdAt: new Date().toISOString(),
          body,
          parentId,
          internal,
        }),
      );
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  const change = async (edit: Parameters<WorkOrderDoc['edit']>[0]) => {
    setProblem(undefined);
    try {
      await doc.edit(edit);
    } catch (error) {
      setProblem(messageOf(error));
    }
  };

  const renderComment = (c: ThreadComment, depth: number) => (
    <li key={c.id}>
      <CommentItem
        comment={c}
        author={names.get(c.authorId) ?? 'Someone'}
        staff={staff}
        mine={c.inDoc && (c.authorId === actor.userId || moderator)}
        canReply={canComment && depth === 0}
        onReply={(body, internal) => post(body, c.id, internal)}
        onEdit={(body) => change((d) => setCommentBody(d, c.id, body))}
        onDelete={() => change((d) => deleteComment(d, c.id))}
      />
      {repliesTo(c.id).length ? (
        <ul className="replies">{repliesTo(c.id).map((r) => renderComment(r, depth + 1))}</ul>
      ) : null}
    </li>
  );

  return (
    <div className="comments" data-testid="comments">
      <DocProblem doc={doc} what="comments" />
      {roots.length === 0 ? <p className="empty">No comments yet.</p> : null}
      <ul className="thread">{roots.map((c) => renderComment(c, 0))}</ul>
      {problem ? <p className="notice error">{problem}</p> : null}
      {canComment ? (
        <CommentForm staff={staff} label="Add comment" onSubmit={(b, i) => post(b, null, i)} />
      ) : null}
    </div>
  );
}

function CommentForm({
  staff,
  label,
  onSubmit,
  onCancel,
  initial = '',
}: {
  staff: boolean;
  label: string;
  onSubmit: (body: string, internal: boolean) => Promise<void>;
  onCancel?: () => void;
  initial?: string;
}) {
  const [body, setBody] = useState(initial);
  const [internal, setInternal] = useState(false);
  return (
    <form
      className="comment-form"
      data-testid="comment-form"
      onSubmit={(e) => {
        e.preventDefault();
        const text = body.trim();
        if (!text) return;
        setBody('');
        void onSubmit(text, internal);
      }}
    >
      <textarea
        name="comment"
        aria-label={label}
        placeholder="Write a comment"
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <div className="step-controls">
        {staff && !onCancel ? (
          <label className="inline">
            <input
              type="checkbox"
              name="internal"
              checked={internal}
              onChange={(e) => setInternal(e.target.checked)}
            />
            Internal (staff only)
          </label>
        ) : null}
        <button type="submit" className="primary" data-testid="comment-submit">
          {label}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

function CommentItem({
  comment,
  author,
  staff,
  mine,
  canReply,
  onReply,
  onEdit,
  onDelete,
}: {
  comment: ThreadComment;
  author: string;
  staff: boolean;
  mine: boolean;
  canReply: boolean;
  onReply: (body: string, internal: boolean) => Promise<void>;
  onEdit: (body: string) => Promise<void>;
  onDelete: () => Promise<void>;
}) {
  const [mode, setMode] = useState<'reply' | 'edit'>();
  return (
    <article
      className={`comment${comment.internal ? ' internal' : ''}`}
      data-testid="comment"
      data-comment-id={comment.id}
    >
      <header>
        <strong>{author}</strong> <time>{formatWhen(comment.createdAt)}</time>
        {comment.internal && staff ? <span className="badge internal">Internal</span> : null}
      </header>
      {comment.deleted ? (
        <p className="deleted">Comment deleted</p>
      ) : mode === 'edit' ? (
        <CommentForm
          staff={staff}
          label="Save"
          initial={comment.body}
          onSubmit={async (body) => {
            setMode(undefined);
            await onEdit(body);
          }}
          onCancel={() => setMode(undefined)}
        />
      ) : (
        <p className="comment-body" data-testid="comment-body">
          {comment.body}
        </p>
      )}
      {!comment.deleted && mode === undefined ? (
        <div className="comment-actions">
          {canReply ? (
            <button type="button" onClick={() => setMode('reply')}>
              Reply
            </button>
          ) : null}
          {mine ? (
            <>
              <button type="button" onClick={() => setMode('edit')}>
                Edit
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  if (window.confirm('Delete this comment?')) void onDelete();
                }}
              >
                Delete
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      {mode === 'reply' ? (
        <CommentForm
          staff={staff}
          label="Reply"
          onSubmit={async (body) => {
            setMode(undefined);
            await onReply(body, comment.internal);
          }}
          onCancel={() => setMode(undefined)}
        />
      ) : null}
    </article>
  );
}
