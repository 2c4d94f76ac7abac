import { limits, type StepRecord } from './layout';

/**
 * The rule for a measurement step's limits and unit, shared by the
 * checklist editor (which checks before it edits) and `ydoc.update` on both
 * sides (`authorizeDocChanges`, docs/SPEC.md YD-3): a limit is a finite
 * number or absent, and with both present `min <= max`.
 */

export interface StepLimits {
  min: number | null;
  max: number | null;
}

/** Why these limits are not acceptable, or null when they are. */
export function stepLimitsProblem(step: StepLimits): string | null {
  for (const [name, value] of [
    ['minimum', step.min],
    ['maximum', step.max],
  ] as const) {
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
      return `The ${name} must be a number`;
    }
  }
  if (step.min !== null && step.max !== null && step.min > step.max) {
    return `The minimum (${step.min}) must not be greater than the maximum (${step.max})`;
  }
  return null;
}

export type ParsedStepLimits =
  | { ok: true; min: number | null; max: number | null; unit: string | null }
  | { ok: false; message: string };

const numberPattern = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)(e[+-]?\d+)?$/i;

/** A limit typed on a form: blank is no limit; a decimal comma is accepted. */
function parseLimit(text: string, name: string): number | null | string {
  const t = text.trim();
  if (t === '') return null;
  const n = numberPattern.test(t) ? Number(t.replace(',', '.')) : Number.NaN;
  return Number.isFinite(n) ? n : `The ${name} must be a number`;
}

/**
 * A measurement step's limits and unit as typed on a form, checked against
 * the same rule the server applies (`stepLimitsProblem`) and the layout's
 * unit length; a blank unit is none.
 */
export function parseStepLimits(input: {
  min: string;
  max: string;
  unit: string;
}): ParsedStepLimits {
  const min = parseLimit(input.min, 'minimum');
  if (typeof min === 'string') return { ok: false, message: min };
  const max = parseLimit(input.max, 'maximum');
  if (typeof max === 'string') return { ok: false, message: max };
  const problem = stepLimitsProblem({ min, max });
  if (problem) return { ok: false, message: problem };
  const unit = input.unit.trim();
  if (unit.length > limits.unit) {
    return { ok: false, message: `The unit has at most ${limits.unit} characters` };
  }
  return { ok: true, min, max, unit: unit === '' ? null : unit };
}

/** Whether a change of this step touches what the limits rule covers. */
export const touchesLimits = (fields: readonly (keyof StepRecord)[]) =>
  fields.includes('min') || fields.includes('max');
