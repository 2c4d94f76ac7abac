import {
  annotateStep,
  tickStep,
  untickStep,
  type StepRecord,
  type StepValue,
} from '@plantkeep/shared/ydoc';
import { useState, type FormEvent } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import { formatTime, messageOf } from '../ui/format';
import { AddStepForm, StepDefinitionRow, type Edit } from './checklist-editor';
import type { WorkOrderDoc } from './use-work-order-doc';
import { DocProblem } from './doc-problem';
import './work-order.css';

/** A measurement outside its limits (either limit may be missing). */
export function outOfLimits(step: Pick<StepRecord, 'kind' | 'value' | 'min' | 'max'>): boolean {
  if (step.kind !== 'measurement' || step.value === null || step.value === '') return false;
  const v = Number(step.value);
  if (!Number.isFinite(v)) return false;
  return (step.min !== null && v < step.min) || (step.max !== null && v > step.max);
}

function limitsText(step: StepRecord): string | null {
  const unit = step.unit ? ` ${step.unit}` : '';
  if (step.min !== null && step.max !== null) return `${step.min}–${step.max}${unit}`;
  if (step.min !== null) return `≥ ${step.min}${unit}`;
  if (step.max !== null) return `≤ ${step.max}${unit}`;
  return null;
}

/**
 * The checklist of a work order from its Y.Doc: tick, pass/fail, measure,
 * text and notes for whoever may work on the order; add, retitle, reorder
 * and delete for whoever may edit step definitions (supervisors).
 */
export function Checklist({
  workOrderId,
  doc,
  canWork,
  canDefine,
}: {
  workOrderId: string;
  doc: WorkOrderDoc;
  canWork: boolean;
  canDefine: boolean;
}) {
  const { actor } = useRuntime();
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<string>();
  const names = new Map(
    (useLiveQuery<{ id: string; name: string }>('select id, name from users').rows ?? []).map(
      (u) => [u.id, u.name],
    ),
  );
  const run: Edit = async (change) => {
    setProblem(undefined);
    try {
      await doc.edit(change);
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  // Closed history from the data generator has rows but no document: shown read-only.
  const history =
    useLiveQuery<{ id: string; title: string; done: boolean; value: string | null }>(
      `select id, title, done, value from work_order_steps where work_order_id = $1
        order by position`,
      [workOrderId],
    ).rows ?? [];
  const steps = doc.reading?.steps;
  if (!steps) {
    if (doc.error !== undefined) return <DocProblem doc={doc} what="checklist" />;
    return <p className="notice">Loading the checklist…</p>;
  }
  if (steps.length === 0 && history.length > 0 && !editing) {
    return (
      <div className="checklist" data-testid="checklist-history">
        <p className="checklist-summary">
          Recorded checklist ({history.filter((h) => h.done).length} of {history.length} done)
        </p>
        <ol className="steps">
          {history.map((h) => (
            <li key={h.id} className={`step${h.done ? ' done' : ''}`}>
              <span className="step-title">
                {h.done ? '✓ ' : ''}
                {h.title}
                {h.value ? <span className="step-by">{h.value}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      </div>
    );
  }
  const done = steps.filter((s) => s.done).length;
  const tick = (id: string, value?: StepValue) =>
    run((d) =>
      tickStep(d, id, {
        userId: actor.userId,
        at: new Date().toISOString(),
        ...(value === undefined ? {} : { value }),
      }),
    );
  return (
    <div className="checklist" data-testid="checklist">
      <DocProblem doc={doc} what="checklist" />
      <p className="checklist-summary">
        {steps.length === 0 ? 'No checklist steps.' : `${done} of ${steps.length} steps done`}
        {canDefine ? (
          <button
            type="button"
            data-testid="edit-checklist"
            onClick={() => setEditing((e) => !e)}
            className={editing ? 'primary' : ''}
          >
            {editing ? 'Done editing' : 'Edit checklist'}
          </button>
        ) : null}
      </p>
      {problem ? <p className="notice error">{problem}</p> : null}
      <ol className="steps">
        {steps.map((step, index) =>
          editing ? (
            <StepDefinitionRow
              key={step.id}
              step={step}
              first={index === 0}
              last={index === steps.length - 1}
              run={run}
            />
          ) : (
            <StepRow
              key={step.id}
              step={step}
              canWork={canWork}
              doneByName={step.doneBy ? (names.get(step.doneBy) ?? 'someone') : null}
              tick={tick}
              run={run}
            />
          ),
        )}
      </ol>
      {editing ? <AddStepForm count={steps.length} run={run} /> : null}
    </div>
  );
}

function StepRow({
  step,
  canWork,
  doneByName,
  tick,
  run,
}: {
  step: StepRecord;
  canWork: boolean;
  doneByName: string | null;
  tick: (id: string, value?: StepValue) => Promise<void>;
  run: Edit;
}) {
  const [draft, setDraft] = useState<string>();
  const [notes, setNotes] = useState<string>();
  const value = step.value === null ? '' : String(step.value);
  const out = outOfLimits(step);
  const limits = limitsText(step);
  const saveValue = (e: FormEvent) => {
    e.preventDefault();
    if (draft === undefined) return;
    const text = draft.trim();
    if (text === '') return;
    const v: StepValue = step.kind === 'measurement' ? Number(text) : text;
    if (step.kind === 'measurement' && !Number.isFinite(v)) return;
    setDraft(undefined);
    void tick(step.id, v);
  };
  return (
    <li
      className={`step${step.done ? ' done' : ''}${out ? ' out-of-limits' : ''}`}
      data-testid="step"
      data-step-id={step.id}
      data-done={step.done ? 'true' : 'false'}
    >
      <div className="step-head">
        {step.kind === 'check' ? (
          <button
            type="button"
            className={`tick${step.done ? ' on' : ''}`}
            aria-pressed={step.done}
            aria-label={step.done ? `Untick ${step.title}` : `Tick ${step.title}`}
            data-testid="step-tick"
            disabled={!canWork}
            onClick={() => void (step.done ? run((d) => untickStep(d, step.id)) : tick(step.id))}
          >
            {step.done ? '✓' : ''}
          </button>
        ) : null}
        <div className="step-title">
          <span data-testid="step-title">{step.title}</span>
          {step.required ? <span className="badge">Required</span> : null}
          {step.done && doneByName ? (
            <span className="step-by">
              Done by {doneByName}
              {step.doneAt ? ` at ${formatTime(Date.parse(step.doneAt))}` : ''}
            </span>
          ) : null}
        </div>
      </div>
      {step.kind === 'pass_fail' ? (
        <div className="step-controls">
          {(['pass', 'fail'] as const).map((verdict) => (
            <button
              key={verdict}
              type="button"
              className={`verdict ${verdict}${step.value === verdict ? ' on' : ''}`}
              aria-pressed={step.value === verdict}
              data-testid={`step-${verdict}`}
              disabled={!canWork}
              onClick={() => void tick(step.id, verdict)}
            >
              {verdict === 'pass' ? 'Pass' : 'Fail'}
            </button>
          ))}
        </div>
      ) : null}
      {step.kind === 'measurement' || step.kind === 'text' ? (
        <form className="step-controls" onSubmit={saveValue}>
          <input
            aria-label={`Value of ${step.title}`}
            data-testid="step-value"
            inputMode={step.kind === 'measurement' ? 'decimal' : 'text'}
            value={draft ?? value}
            disabled={!canWork}
            onChange={(e) => setDraft(e.target.value)}
          />
          {step.unit ? <span className="unit">{step.unit}</span> : null}
          <button type="submit" disabled={!canWork || draft === undefined}>
            Save
          </button>
          {limits ? (
            <span className={out ? 'limits out' : 'limits'} data-testid="step-limits">
              {out ? `Out of limits (${limits})` : `Limits ${limits}`}
            </span>
          ) : null}
        </form>
      ) : null}
      <div className="step-controls">
        {step.done && step.kind !== 'check' && canWork ? (
          <button type="button" onClick={() => void run((d) => untickStep(d, step.id))}>
            Mark not done
          </button>
        ) : null}
        {notes === undefined ? (
          <>
            {step.notes ? <span className="step-notes">{step.notes}</span> : null}
            {canWork ? (
              <button type="button" onClick={() => setNotes(step.notes ?? '')}>
                {step.notes ? 'Edit note' : 'Add note'}
              </button>
            ) : null}
          </>
        ) : (
          <form
            className="step-notes-form"
            onSubmit={(e) => {
              e.preventDefault();
              const text = notes.trim();
              setNotes(undefined);
              void run((d) => annotateStep(d, step.id, text === '' ? null : text));
            }}
          >
            <textarea
              aria-label={`Note on ${step.title}`}
              value={notes}
              onChange={(e) => setNotes(e.target.value)}
            />
            <button type="submit" className="primary">
              Save note
            </button>
            <button type="button" onClick={() => setNotes(undefined)}>
              Cancel
            </button>
          </form>
        )}
      </div>
    </li>
  );
}
