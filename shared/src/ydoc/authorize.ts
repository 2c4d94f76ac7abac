import {
  can,
  canReadWorkOrder,
  canSeeInternalComments,
  canUpdateWorkOrder,
  type Actor,
  type WorkOrderScope,
} from '../auth/access';
import { AppError } from '../errors';
import type { DocChanges, RecordChange } from './diff';
import type { CommentRecord, StepRecord } from './layout';
import { stepLimitsProblem, touchesLimits } from './step-limits';

/** Step fields that define the checklist (supervisors); the rest record the work done. */
const definitionFields: ReadonlySet<keyof StepRecord> = new Set([
  'title',
  'kind',
  'required',
  'unit',
  'min',
  'max',
]);
const workFields: ReadonlySet<keyof StepRecord> = new Set([
  'done',
  'value',
  'doneBy',
  'doneAt',
  'notes',
]);
/** Comment fields nobody changes once written. */
const fixedCommentFields: ReadonlySet<keyof CommentRecord> = new Set([
  'authorId',
  'createdAt',
  'parentId',
]);

const forbidden = (message: string, details: Record<string, unknown>) =>
  new AppError('AUTHZ', message, details);

/** Who edits the checklist itself: add, remove, reorder, retitle, kind, limits, required. */
export const canEditStepDefinitions = (actor: Actor) => can(actor, 'work_orders:edit_steps');

/** Staff who may work on the order comment on it; a requester only on their own request. */
export function canComment(actor: Actor, scope: WorkOrderScope): boolean {
  if (scope.requesterId === actor.userId && can(actor, 'requests:create')) return true;
  return can(actor, 'work_orders:update') && canReadWorkOrder(actor, scope);
}

function checkStep(actor: Actor, scope: WorkOrderScope, change: RecordChange<StepRecord>) {
  const details = { stepId: change.id };
  const structural = change.before === undefined || change.after === undefined;
  if (
    (structural || change.fields.some((f) => definitionFields.has(f))) &&
    !canEditStepDefinitions(actor)
  ) {
    throw forbidden('Only supervisors may add, remove or redefine checklist steps', details);
  }
  const after = change.after;
  if (!after) return;
  // Only a step whose limits change is checked: a merge of two concurrent valid edits
  // (one raising min, one lowering max) must not block unrelated edits of the step.
  if (structural || touchesLimits(change.fields)) {
    const problem = stepLimitsProblem(after);
    if (problem) throw new AppError('VALIDATION', problem, details);
  }
  const worked = change.fields.filter((f) => workFields.has(f));
  const recordsWork = structural
    ? after.done || after.value !== null || after.doneBy !== null || after.notes !== null
    : worked.length > 0;
  if (recordsWork && !canUpdateWorkOrder(actor, scope)) {
    throw forbidden('You may only work on steps of work assigned to you', details);
  }
  if (
    after.doneBy !== null &&
    after.doneBy !== actor.userId &&
    after.doneBy !== change.before?.doneBy
  ) {
    throw forbidden('A step can only be marked done by yourself', details);
  }
}

function checkComment(actor: Actor, scope: WorkOrderScope, change: RecordChange<CommentRecord>) {
  const details = { commentId: change.id };
  const moderator = can(actor, 'comments:moderate');
  const { before, after } = change;
  if (!canComment(actor, scope) && !moderator) {
    throw forbidden('You may not comment on this work order', details);
  }
  if (!after) {
    if (!moderator) throw forbidden('Comments are deleted by marking them deleted', details);
    return;
  }
  if (after.internal && !canSeeInternalComments(actor)) {
    throw forbidden('You may not write internal comments', details);
  }
  if (!before) {
    if (after.authorId !== actor.userId) {
      throw forbidden('A new comment must be your own', details);
    }
    return;
  }
  if (change.fields.some((f) => fixedCommentFields.has(f))) {
    throw new AppError('VALIDATION', "A comment's author, time and parent cannot change", details);
  }
  if (before.authorId !== actor.userId && !moderator) {
    throw forbidden("You may not edit or delete another person's comment", details);
  }
  if (change.fields.includes('internal') && !moderator) {
    throw forbidden('Only moderators change whether a comment is internal', details);
  }
}

/**
 * Refuses a change of a work order's document that the actor may not make
 * (docs/SPEC.md YD-3). Technicians tick, measure and annotate steps of
 * their work and comment; step definitions need `work_orders:edit_steps`;
 * requesters comment on their own requests only and never internally;
 * another person's comment needs `comments:moderate`. Layout breaches and
 * a step whose limits change to min > max (`stepLimitsProblem`) are
 * `VALIDATION`.
 */
export function authorizeDocChanges(actor: Actor, scope: WorkOrderScope, changes: DocChanges) {
  const [problem] = changes.newProblems;
  if (problem) {
    throw new AppError('VALIDATION', `The document breaks its layout: ${problem.message}`, {
      problem,
    });
  }
  if (changes.reordered && !canEditStepDefinitions(actor)) {
    throw forbidden('Only supervisors may reorder checklist steps', {});
  }
  for (const change of changes.steps) checkStep(actor, scope, change);
  for (const change of changes.comments) checkComment(actor, scope, change);
}
