// The supervisor's side of the checklist: retitle, re-kind, set limits,
// reorder, delete and add steps (shown with `work_orders:edit_steps`; the
// server re-checks every change, SPEC YD-3).
import { stepKinds, type StepKind } from '@plantkeep/shared';
import {
  addStep,
  defineStep,
  deleteStep,
  moveStep,
  parseStepLimits,
  type StepRecord,
} from '@plantkeep/shared/ydoc';
import { useState } from 'react';
import type * as Y from 'yjs';
import { ValueSelect } from '../ui/value-select';
import { definitionChanges, draftOf, type StepDraft } from './step-definition';

export type Edit = (change: (doc: Y.Doc) => void) => Promise<void>;

const kindLabel: Record<StepKind, string> = {
  check: 'Check',
  pass_fail: 'Pass / fail',
  measurement: 'Measurement',
  text: 'Text',
};

type StepLimitsDraft = Pick<StepDraft, 'unit' | 'min' | 'max'>;

const noLimits: StepLimitsDraft = { unit: '', min: '', max: '' };

export function StepDefinitionRow({
  step,
  first,
  last,
  run,
}: {
  step: StepRecord;
  first: boolean;
  last: boolean;
  run: Edit;
}) {
  const [title, setTitle] = useState(step.title);
  return (
    <li className="step editing" data-testid="step" data-step-id={step.id}>
      <form
        className="step-controls"
        onSubmit={(e) => {
          e.preventDefault();
          const t = title.trim();
          if (t && t !== step.title) void run((d) => defineStep(d, step.id, { title: t }));
        }}
      >
        <input
          aria-label="Step title"
          data-testid="step-title-input"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <button type="submit" disabled={title.trim() === step.title || !title.trim()}>
          Rename
        </button>
      </form>
      <StepKindForm step={step} run={run} />
      <div className="step-controls">
        <button
          type="button"
          aria-label={`Move ${step.title} up`}
          disabled={first}
          onClick={() => void run((d) => moveStep(d, step.id, step.position - 1))}
        >
          ↑ Up
        </button>
        <button
          type="button"
          aria-label={`Move ${step.title} down`}
          disabled={last}
          onClick={() => void run((d) => moveStep(d, step.id, step.position + 1))}
        >
          ↓ Down
        </button>
        <button
          type="button"
          className="danger"
          data-testid="step-delete"
          onClick={() => {
            if (window.confirm(`Delete the step “${step.title}”?`)) {
              void run((d) => deleteStep(d, step.id));
            }
          }}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

/** Unit and limits inputs of a measurement step (checked by `parseStepLimits`). */
function LimitInputs({
  draft,
  onChange,
  of,
}: {
  draft: StepLimitsDraft;
  onChange: (change: Partial<StepLimitsDraft>) => void;
  of: string;
}) {
  return (
    <>
      <input
        name="step-unit"
        aria-label={`Unit of ${of}`}
        placeholder="Unit"
        maxLength={50}
        value={draft.unit}
        onChange={(e) => onChange({ unit: e.target.value })}
      />
      <input
        name="step-min"
        aria-label={`Minimum of ${of}`}
        placeholder="Min"
        inputMode="decimal"
        value={draft.min}
        onChange={(e) => onChange({ min: e.target.value })}
      />
      <input
        name="step-max"
        aria-label={`Maximum of ${of}`}
        placeholder="Max"
        inputMode="decimal"
        value={draft.max}
        onChange={(e) => onChange({ max: e.target.value })}
      />
    </>
  );
}

/**
 * A step's kind, and a measurement's unit and limits (supervisors: the
 * editor is shown only with `work_orders:edit_steps`). Leaving the
 * measurement kind clears unit and limits; the server re-checks the limits.
 */
function StepKindForm({ step, run }: { step: StepRecord; run: Edit }) {
  const saved = draftOf(step);
  const [draft, setDraft] = useState<StepDraft>(saved);
  const [problem, setProblem] = useState<string>();
  // Another device's change of the definition shows up unless this one is being edited.
  const [base, setBase] = useState(saved);
  const savedKey = JSON.stringify(saved);
  if (savedKey !== JSON.stringify(base)) {
    setBase(saved);
    if (JSON.stringify(draft) === JSON.stringify(base)) setDraft(saved);
  }
  const verdict = definitionChanges(step, draft);
  const dirty = !verdict.ok || Object.keys(verdict.changes).length > 0;
  const change = (c: Partial<StepDraft>) => {
    setProblem(undefined);
    setDraft((d) => ({ ...d, ...c }));
  };
  return (
    <form
      className="step-controls"
      data-testid="step-kind-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!verdict.ok) {
          setProblem(verdict.message);
          return;
        }
        if (Object.keys(verdict.changes).length === 0) return;
        void run((d) => defineStep(d, step.id, verdict.changes));
      }}
    >
      <ValueSelect
        name="kind"
        aria-label={`Kind of ${step.title}`}
        data-testid="step-kind-select"
        values={stepKinds}
        value={draft.kind}
        onChange={(kind) => change({ kind })}
        label={(k) => kindLabel[k]}
      />
      {draft.kind === 'measurement' ? (
        <LimitInputs draft={draft} onChange={change} of={step.title} />
      ) : null}
      <button type="submit" data-testid="step-kind-save" disabled={!dirty}>
        Save kind
      </button>
      {dirty ? (
        <button
          type="button"
          onClick={() => {
            setProblem(undefined);
            setDraft(saved);
          }}
        >
          Undo
        </button>
      ) : null}
      {problem ? (
        <p className="notice error" role="alert" data-testid="step-kind-problem">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

export function AddStepForm({ count, run }: { count: number; run: Edit }) {
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<StepKind>('check');
  const [required, setRequired] = useState(false);
  const [limits, setLimits] = useState(noLimits);
  const [problem, setProblem] = useState<string>();
  return (
    <form
      className="add-step"
      data-testid="add-step"
      onSubmit={(e) => {
        e.preventDefault();
        const t = title.trim();
        if (!t) return;
        const measured = kind === 'measurement';
        const parsed = measured
          ? parseStepLimits(limits)
          : ({ ok: true, unit: null, min: null, max: null } as const);
        if (!parsed.ok) {
          setProblem(parsed.message);
          return;
        }
        setProblem(undefined);
        void run((d) =>
          addStep(
            d,
            {
              id: globalThis.crypto.randomUUID(),
              title: t,
              kind,
              required,
              unit: parsed.unit,
              min: parsed.min,
              max: parsed.max,
            },
            count,
          ),
        );
        setTitle('');
        setLimits(noLimits);
      }}
    >
      <h3>Add a step</h3>
      <input
        name="step-title"
        placeholder="What to do"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        required
      />
      <ValueSelect
        name="step-kind"
        values={stepKinds}
        value={kind}
        onChange={setKind}
        label={(k) => kindLabel[k]}
      />
      <label className="inline">
        <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} />
        Required
      </label>
      {kind === 'measurement' ? (
        <LimitInputs
          draft={limits}
          of="the new step"
          onChange={(c) => {
            setProblem(undefined);
            setLimits((l) => ({ ...l, ...c }));
          }}
        />
      ) : null}
      <button type="submit" className="primary" data-testid="add-step-submit">
        Add step
      </button>
      {problem ? (
        <p className="notice error" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
