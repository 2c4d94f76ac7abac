import type { workOrderSteps } from '@plantkeep/shared/schema';
import { correctiveSteps } from './corrective-steps';
import type { WorkOrderPlan } from './model';
import type { StepTemplate } from './pm-templates';
import type { Rng } from './prng';
import { iso } from './time';

/**
 * Checklist steps of a work order: the PM template's steps, or lockout →
 * a few diagnosis/repair steps → test run for reactive work. Completion
 * follows the status: all required steps of a finished job are done, an
 * in-progress job is done up to some step, nothing is done before start.
 */

type StepRow = typeof workOrderSteps.$inferInsert;

const textAnswers = [
  'No issues found',
  'Minor wear noted, monitor at next PM',
  'See comments',
  'Replaced as required',
  'Cleaned and adjusted',
];

export function stepTemplates(rng: Rng, wo: WorkOrderPlan): readonly StepTemplate[] {
  if (wo.schedule) return wo.schedule.template.steps;
  const middle = correctiveSteps.middle;
  const chosen = new Set(rng.sample(middle, rng.int(1, 5)));
  return [correctiveSteps.first, ...middle.filter((s) => chosen.has(s)), correctiveSteps.last];
}

function decimals(min: number, max: number): number {
  const range = max - min;
  return range <= 1 ? 2 : range <= 20 ? 1 : 0;
}

function answer(rng: Rng, step: StepTemplate): string | null {
  if (step.kind === 'pass_fail') return rng.chance(0.96) ? 'pass' : 'fail';
  if (step.kind === 'text') return rng.pick(textAnswers);
  if (step.kind !== 'measurement' || step.min === undefined || step.max === undefined) return null;
  const { min, max } = step;
  const span = max - min;
  // Mostly comfortably in range; now and then a finding above the limit.
  const value = rng.chance(0.95)
    ? min + span * rng.float(0.15, 0.85)
    : max + span * rng.float(0.05, 0.3);
  return value.toFixed(decimals(min, max));
}

export function stepRows(rng: Rng, tenantId: string, wo: WorkOrderPlan, anchor: number): StepRow[] {
  const templates = stepTemplates(rng, wo);
  const { life } = wo;
  const started = life.startedAt;
  const finished = life.workEndedAt !== undefined;
  // How far an unfinished but started job got through its checklist.
  const reached = finished
    ? templates.length
    : started === undefined
      ? 0
      : rng.int(0, templates.length - 1);
  const end = life.workEndedAt ?? anchor;
  const doer = wo.assignees[0];
  return templates.map((step, position) => {
    const done =
      started !== undefined &&
      doer !== undefined &&
      position < reached &&
      (step.required || !finished || rng.chance(0.92));
    const doneAt =
      done && started !== undefined
        ? started + ((end - started) * (position + 1)) / (templates.length + 1)
        : undefined;
    return {
      tenantId,
      id: rng.uuid(),
      workOrderId: wo.id,
      position,
      kind: step.kind,
      title: step.title,
      required: step.required,
      done,
      value: done ? answer(rng, step) : null,
      unit: step.unit ?? null,
      minValue: step.min === undefined ? null : String(step.min),
      maxValue: step.max === undefined ? null : String(step.max),
      doneBy: done ? (doer?.id ?? null) : null,
      doneAt: doneAt === undefined ? null : iso(doneAt),
      notes: done && rng.chance(0.05) ? 'Photo attached' : null,
      updatedAt: iso(doneAt ?? life.createdAt),
    };
  });
}
