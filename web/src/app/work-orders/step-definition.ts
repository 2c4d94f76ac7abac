import type { StepKind } from '@plantkeep/shared';
import { parseStepLimits, type StepDefinition, type StepRecord } from '@plantkeep/shared/ydoc';

/**
 * The checklist editor's kind / unit / limits form for one step, as typed.
 * Limits are validated by the shared rule (`parseStepLimits`), the one
 * `ydoc.update` re-checks on the server.
 */
export interface StepDraft {
  kind: StepKind;
  unit: string;
  min: string;
  max: string;
}

export const draftOf = (step: Pick<StepRecord, 'kind' | 'unit' | 'min' | 'max'>): StepDraft => ({
  kind: step.kind,
  unit: step.unit ?? '',
  min: step.min === null ? '' : String(step.min),
  max: step.max === null ? '' : String(step.max),
});

export type DefinitionChanges = Partial<Pick<StepDefinition, 'kind' | 'unit' | 'min' | 'max'>>;

/**
 * What `defineStep` must change so the step matches the draft: only the
 * fields that differ (an empty object: nothing to save). A step that is not
 * a measurement has no unit or limits, so leaving the measurement kind
 * clears them; limits the shared rule refuses are a message instead.
 */
export function definitionChanges(
  step: Pick<StepRecord, 'kind' | 'unit' | 'min' | 'max'>,
  draft: StepDraft,
): { ok: true; changes: DefinitionChanges } | { ok: false; message: string } {
  let wanted: { unit: string | null; min: number | null; max: number | null };
  if (draft.kind === 'measurement') {
    const parsed = parseStepLimits(draft);
    if (!parsed.ok) return parsed;
    wanted = { unit: parsed.unit, min: parsed.min, max: parsed.max };
  } else {
    wanted = { unit: null, min: null, max: null };
  }
  const changes: DefinitionChanges = {};
  if (draft.kind !== step.kind) changes.kind = draft.kind;
  if (wanted.unit !== step.unit) changes.unit = wanted.unit;
  if (wanted.min !== step.min) changes.min = wanted.min;
  if (wanted.max !== step.max) changes.max = wanted.max;
  return { ok: true, changes };
}
