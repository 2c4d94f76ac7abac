import * as Y from 'yjs';
import { stepKinds, type StepKind } from '../domain/enums';
import {
  COMMENTS,
  docRoots,
  limits,
  STEPS,
  type CommentRecord,
  type DocReading,
  type LayoutProblem,
  type StepRecord,
  type StepValue,
} from './layout';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const isUuid = (v: unknown): v is string => typeof v === 'string' && uuidPattern.test(v);
const isIso = (v: unknown): v is string =>
  typeof v === 'string' && isoPattern.test(v) && !Number.isNaN(Date.parse(v));
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Reads one map's fields; every value that breaks the layout becomes a problem and a default. */
class FieldReader {
  constructor(
    private readonly map: Y.Map<unknown>,
    private readonly collection: 'steps' | 'comments',
    private readonly id: string,
    private readonly problems: LayoutProblem[],
  ) {}

  private problem(field: string, message: string) {
    this.problems.push({ collection: this.collection, id: this.id, field, message });
  }

  /** A present value that fails `ok` is a problem; a missing one is the default. */
  read<T>(field: string, ok: (v: unknown) => v is T, fallback: T, message: string): T {
    const v = this.map.get(field);
    if (v === undefined) return fallback;
    if (ok(v)) return v;
    this.problem(field, message);
    return fallback;
  }

  /** Like `read`, but a missing value is a problem too. */
  required<T>(field: string, ok: (v: unknown) => v is T, fallback: T, message: string): T {
    if (!this.map.has(field)) this.problem(field, `missing: ${message}`);
    return this.read(field, ok, fallback, message);
  }

  text(field: string, max: number, required = false): string | null {
    const ok = (v: unknown): v is string | null =>
      v === null || (typeof v === 'string' && v.length <= max && !v.includes('\u0000'));
    const message = `text of at most ${max} characters or null`;
    return required ? this.required(field, ok, null, message) : this.read(field, ok, null, message);
  }
}

const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isStepKind = (v: unknown): v is StepKind =>
  typeof v === 'string' && (stepKinds as readonly string[]).includes(v);
const nullable =
  <T>(ok: (v: unknown) => v is T) =>
  (v: unknown): v is T | null =>
    v === null || ok(v);
const isStepValue = (v: unknown): v is StepValue =>
  v === null ||
  typeof v === 'boolean' ||
  isFiniteNumber(v) ||
  (typeof v === 'string' && v.length <= limits.value && !v.includes('\u0000'));

function readStep(
  map: Y.Map<unknown>,
  id: string,
  position: number,
  problems: LayoutProblem[],
): StepRecord {
  const f = new FieldReader(map, 'steps', id, problems);
  return {
    id,
    position,
    title: f.text('title', limits.title, true) ?? '',
    kind: f.required('kind', isStepKind, 'check', `one of ${stepKinds.join(', ')}`),
    required: f.read('required', isBoolean, false, 'a boolean'),
    done: f.read('done', isBoolean, false, 'a boolean'),
    value: f.read('value', isStepValue, null, 'a number, boolean, short text or null'),
    unit: f.text('unit', limits.unit),
    min: f.read('min', nullable(isFiniteNumber), null, 'a number or null'),
    max: f.read('max', nullable(isFiniteNumber), null, 'a number or null'),
    doneBy: f.read('doneBy', nullable(isUuid), null, 'a user id or null'),
    doneAt: f.read('doneAt', nullable(isIso), null, 'an ISO 8601 time or null'),
    notes: f.text('notes', limits.notes),
  };
}

const isMentions = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length <= limits.mentions && v.every(isUuid);

function readComment(map: Y.Map<unknown>, id: string, problems: LayoutProblem[]): CommentRecord {
  const f = new FieldReader(map, 'comments', id, problems);
  const body = map.get('body');
  let text = '';
  if (body instanceof Y.Text) text = body.toJSON();
  else problems.push({ collection: 'comments', id, field: 'body', message: 'a Y.Text' });
  if (text.length > limits.body || text.includes('\u0000')) {
    problems.push({
      collection: 'comments',
      id,
      field: 'body',
      message: `at most ${limits.body} characters`,
    });
  }
  return {
    id,
    authorId: f.required('authorId', isUuid, '', 'a user id'),
    createdAt: f.required('createdAt', isIso, '', 'an ISO 8601 time'),
    parentId: f.read('parentId', nullable(isUuid), null, 'a comment id or null'),
    internal: f.read('internal', isBoolean, false, 'a boolean'),
    deleted: f.read('deleted', isBoolean, false, 'a boolean'),
    body: text,
    mentions: [...f.read('mentions', isMentions, [], `up to ${limits.mentions} user ids`)],
  };
}

/**
 * Visits the maps of one root array. An entry that is not a map or has no
 * valid id is a problem and is skipped; a repeated id (two replicas moved the
 * same step concurrently) keeps its first occurrence, so every replica reads
 * the same records from the same document.
 */
function eachRecord(
  doc: Y.Doc,
  collection: 'steps' | 'comments',
  problems: LayoutProblem[],
  visit: (map: Y.Map<unknown>, id: string) => void,
) {
  const seen = new Set<string>();
  doc.getArray<unknown>(collection).forEach((entry, index) => {
    const id = entry instanceof Y.Map ? (entry as Y.Map<unknown>).get('id') : undefined;
    if (!(entry instanceof Y.Map) || !isUuid(id)) {
      problems.push({
        collection,
        id: null,
        field: `[${index}]`,
        message: 'an entry must be a map with a uuid `id`',
      });
      return;
    }
    const key = id.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    visit(entry as Y.Map<unknown>, key);
  });
}

/** The plain reading of a work order's document (pure: reads only the doc). */
export function readDoc(doc: Y.Doc): DocReading {
  const problems: LayoutProblem[] = [];
  for (const name of doc.share.keys()) {
    if (!docRoots.includes(name)) {
      problems.push({ collection: 'roots', id: null, field: name, message: 'unknown root type' });
    }
  }
  const steps: StepRecord[] = [];
  eachRecord(doc, STEPS, problems, (map, id) =>
    steps.push(readStep(map, id, steps.length, problems)),
  );
  const comments: CommentRecord[] = [];
  eachRecord(doc, COMMENTS, problems, (map, id) => comments.push(readComment(map, id, problems)));
  return { steps, comments, problems };
}
