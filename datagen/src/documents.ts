import { createHash } from 'node:crypto';
import type { workOrderComments, workOrderSteps, ydocUpdates } from '@plantkeep/shared/schema';
import { addComment, addStep, tickStep, valueText, type StepValue } from '@plantkeep/shared/ydoc';
import * as Y from 'yjs';

/**
 * The Y.Doc of a seeded work order (docs/SPEC.md YD-6: rows follow the
 * document). Work still to be done gets its steps and comments as one
 * document update, so devices can tick, measure and comment on seeded work;
 * closed history keeps only its rows (nobody edits it, and technicians sync
 * every document). Deterministic: a fixed Yjs client id and ids derived from
 * the work order, so the same seed writes the same bytes.
 */

type StepRow = typeof workOrderSteps.$inferInsert;
type CommentRow = typeof workOrderComments.$inferInsert;
type UpdateRow = typeof ydocUpdates.$inferInsert;

const openStatuses: ReadonlySet<string> = new Set(['requested', 'open', 'in_progress', 'on_hold']);
export const hasLiveDocument = (status: string) => openStatuses.has(status);

function derivedUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));

function docValue(step: StepRow): StepValue {
  if (step.value === null || step.value === undefined) return null;
  if (step.kind === 'measurement') {
    const n = Number(step.value);
    return Number.isFinite(n) ? n : step.value;
  }
  return step.value;
}

/**
 * The document row of one seeded work order, or undefined when it has
 * neither steps nor comments. Step rows get the value text the document
 * materializes to (a measurement `12.50` becomes `12.5`).
 */
export function seededDocument(
  tenantId: string,
  workOrderId: string,
  createdAt: string,
  steps: StepRow[],
  comments: CommentRow[],
): UpdateRow | undefined {
  if (steps.length === 0 && comments.length === 0) return undefined;
  const doc = new Y.Doc();
  doc.clientID = 1;
  doc.transact(() => {
    for (const s of [...steps].sort((a, b) => a.position - b.position)) {
      const id = s.id ?? '';
      addStep(doc, {
        id,
        title: s.title,
        kind: s.kind,
        required: s.required ?? false,
        unit: s.unit ?? null,
        min: num(s.minValue),
        max: num(s.maxValue),
      });
      const value = docValue(s);
      s.value = valueText(value);
      if (s.done && s.doneBy && s.doneAt) {
        tickStep(doc, id, { userId: s.doneBy, at: s.doneAt, value });
      } else if (value !== null) {
        doc.getArray<Y.Map<unknown>>('steps').get(s.position)?.set('value', value);
      }
      if (s.notes) doc.getArray<Y.Map<unknown>>('steps').get(s.position)?.set('notes', s.notes);
    }
    const when = (c: CommentRow) => c.createdAt ?? createdAt;
    for (const c of [...comments].sort((a, b) => (when(a) < when(b) ? -1 : 1))) {
      addComment(doc, {
        id: c.id ?? '',
        authorId: c.authorId ?? '',
        createdAt: when(c),
        body: c.body,
        parentId: c.parentId ?? null,
        internal: c.internal ?? false,
      });
    }
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return {
    tenantId,
    id: derivedUuid('seed-doc', workOrderId),
    docId: workOrderId,
    update,
    createdAt,
  };
}
