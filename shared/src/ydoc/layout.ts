import type { StepKind } from '../domain/enums';

/**
 * The Y.Doc of one work order (DESIGN §5, a wire format shared by every
 * client version; changes are additive only):
 * - `doc.getArray('steps')`: one `Y.Map` per checklist step, in order;
 * - `doc.getArray('comments')`: one `Y.Map` per comment, `body` a `Y.Text`.
 * `mentions` (an array of user ids) is the one key added to the brief's list.
 */
export const STEPS = 'steps';
export const COMMENTS = 'comments';
/** The only root types a document may hold; an update that adds another is refused. */
export const docRoots: readonly string[] = [STEPS, COMMENTS];

/** A measured value, a pass/fail verdict (`'pass'`/`'fail'`), free text, or nothing yet. */
export type StepValue = string | number | boolean | null;

/** One step as read from the document (`position` = its index among the readable steps). */
export interface StepRecord {
  id: string;
  position: number;
  title: string;
  kind: StepKind;
  required: boolean;
  done: boolean;
  value: StepValue;
  unit: string | null;
  min: number | null;
  max: number | null;
  doneBy: string | null;
  doneAt: string | null;
  notes: string | null;
}

export interface CommentRecord {
  id: string;
  authorId: string;
  createdAt: string;
  parentId: string | null;
  internal: boolean;
  deleted: boolean;
  body: string;
  mentions: string[];
}

/** A value in the document that breaks the layout (wrong type, too long, not a map…). */
export interface LayoutProblem {
  collection: 'steps' | 'comments' | 'roots';
  /** The record's id, or null when the entry has none. */
  id: string | null;
  field: string;
  message: string;
}

/** The plain reading of a document: what lists, reports and permission checks see. */
export interface DocReading {
  steps: StepRecord[];
  comments: CommentRecord[];
  problems: LayoutProblem[];
}

/** Limits on what one step or comment may hold (the relational rows mirror them). */
export const limits = {
  title: 500,
  value: 2000,
  unit: 50,
  notes: 10_000,
  body: 20_000,
  mentions: 50,
} as const;

/** The largest single Yjs update `ydoc.update` accepts, decoded (the request body limit is 1 MiB). */
export const MAX_UPDATE_BYTES = 256 * 1024;
