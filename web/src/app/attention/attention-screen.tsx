import { syncedTableRef } from '@plantkeep/migrations/replica';
import { describeMutation, parseMutation, recoverStoredJson } from '@plantkeep/shared';
import { useState } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import '../ui/browse.css';
import {
  camel,
  conflictsOf,
  editableFields,
  explainCode,
  fieldLabel,
  fromInput,
  issuesOf,
  resendArgs,
  showValue,
  subjectOf,
  type RejectionRow,
} from './rejection-format';
import { Link } from '../ui/router';
import { asDate } from '../ui/format';
import { ValueSelect } from '../ui/value-select';

const rejectionsTable = syncedTableRef('mutation_rejections');

/**
 * The needs-attention inbox: this device's mutations the server refused,
 * with its reason, field conflicts and the original input. Each can be
 * edited and sent again (a new mutation) or discarded; either way it leaves
 * the inbox. Nothing typed is dropped silently.
 */
export function AttentionScreen() {
  const { clientId } = useRuntime();
  const { rows } = useLiveQuery<RejectionRow>(
    `select r.seq::int as seq, r.name, r.args, r.code, r.message, r.details, r.created_at
       from ${rejectionsTable} r
      where r.client_id = $1
        and not exists (select 1 from dismissed_rejections d
                         where d.client_id = r.client_id and d.seq = r.seq)
      order by r.seq`,
    [clientId],
  );
  return (
    <section className="screen" data-testid="attention">
      <h1>Needs attention</h1>
      {!rows ? <p className="notice">Loading…</p> : null}
      {rows && rows.length === 0 ? (
        <p className="empty" data-testid="attention-empty">
          Nothing needs your attention: every change you made was accepted.
        </p>
      ) : null}
      <ul className="inbox">
        {rows?.map((r) => (
          <RejectionItem key={r.seq} rejection={r} />
        ))}
      </ul>
    </section>
  );
}

function RejectionItem({ rejection }: { rejection: RejectionRow }) {
  // Input the server could only store escaped (NUL, lone surrogates) comes back as typed (MU-4).
  const r = { ...rejection, args: recoverStoredJson(rejection.args) };
  const runtime = useRuntime();
  const [mode, setMode] = useState<'view' | 'form' | 'json'>('view');
  const [problem, setProblem] = useState<string>();
  const conflicts = conflictsOf(r.details);
  const issues = issuesOf(r.details);
  const fields = editableFields(r.name, r.args);
  const subject = subjectOf(r.name, r.args);
  const when = asDate(r.created_at);

  const discard = async () => {
    setProblem(undefined);
    try {
      await runtime.durably(() => runtime.store.resolveRejection(r.seq));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const resend = async (args: unknown) => {
    setProblem(undefined);
    try {
      // Queued first (and the sender woken), then dismissed: a refusal here keeps it in the inbox.
      // Name and arguments come from the database: parsed (refusals shown here) before queuing.
      await runtime.mutateParsed(parseMutation(r.name, args));
      await runtime.durably(() => runtime.store.resolveRejection(r.seq));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <li data-testid="rejection" data-seq={r.seq} data-code={r.code}>
      <p className="reason-line">{describeMutation(r.name, r.args)}</p>
      <p>
        <span className="code">{r.code}</span> {r.message}
        <br />
        <span className="empty">{explainCode(r.code)}</span>
      </p>
      {conflicts.length > 0 ? (
        <table className="grid-table conflicts" data-testid="conflicts">
          <thead>
            <tr>
              <th>Field</th>
              <th>You saw</th>
              <th>Now on the server</th>
              <th>Yours</th>
            </tr>
          </thead>
          <tbody>
            {conflicts.map((c) => (
              <tr key={c.field}>
                <td>{fieldLabel(c.field)}</td>
                <td>{showValue(c.seen)}</td>
                <td>{showValue(c.current)}</td>
                <td className="yours">{showValue(c.yours)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {issues.length > 0 ? (
        <ul>
          {issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              {i.path ? `${fieldLabel(i.path)}: ` : ''}
              {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      <details>
        <summary>What you entered</summary>
        <pre data-testid="rejection-args">{JSON.stringify(r.args, null, 2)}</pre>
      </details>
      <p className="empty">
        {when ? `Refused ${when.toLocaleString()}` : null}
        {subject ? (
          <>
            {' · '}
            <Link to={subject}>Open it</Link>
          </>
        ) : null}
      </p>
      {mode === 'view' ? (
        <div className="actions">
          <button
            type="button"
            className="primary"
            data-testid="rejection-edit"
            onClick={() => setMode(fields.length > 0 ? 'form' : 'json')}
          >
            Edit and resend
          </button>
          <button
            type="button"
            className="danger"
            data-testid="rejection-discard"
            onClick={() => void discard()}
          >
            Discard
          </button>
        </div>
      ) : mode === 'form' ? (
        <ResendForm
          rejection={r}
          onSend={(args) => void resend(args)}
          onJson={() => setMode('json')}
          onCancel={() => setMode('view')}
        />
      ) : (
        <JsonResend
          rejection={r}
          onSend={(args) => void resend(args)}
          onCancel={() => setMode('view')}
        />
      )}
      {problem ? <p className="notice error">{problem}</p> : null}
    </li>
  );
}

function ResendForm({
  rejection: r,
  onSend,
  onJson,
  onCancel,
}: {
  rejection: RejectionRow;
  onSend: (args: unknown) => void;
  onJson: () => void;
  onCancel: () => void;
}) {
  const fields = editableFields(r.name, r.args);
  const conflicts = conflictsOf(r.details);
  const [typed, setTyped] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      fields.map((f) => [
        f.path.join('.'),
        f.original === null || f.original === undefined ? '' : showValue(f.original),
      ]),
    ),
  );
  const send = () => {
    const edits = new Map<string, unknown>();
    for (const f of fields) {
      const key = f.path.join('.');
      edits.set(key, fromInput(f.original, typed[key] ?? ''));
    }
    onSend(resendArgs(r.args, edits, conflicts, camel));
  };
  return (
    <form
      className="form editor"
      data-testid="resend-form"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {conflicts.length > 0 ? (
        <p className="empty">
          Sending again keeps the values below over what is now on the server.
        </p>
      ) : null}
      {fields.map((f) => {
        const key = f.path.join('.');
        const value = typed[key] ?? '';
        const set = (v: string) => setTyped({ ...typed, [key]: v });
        return (
          <label key={key}>
            {f.label}
            {f.options ? (
              <ValueSelect name={key} values={f.options} value={value} onChange={set} />
            ) : f.long ? (
              <textarea name={key} value={value} rows={3} onChange={(e) => set(e.target.value)} />
            ) : (
              <input name={key} value={value} onChange={(e) => set(e.target.value)} />
            )}
          </label>
        );
      })}
      <div className="actions">
        <button type="submit" className="primary" data-testid="resend-submit">
          Send again
        </button>
        <button type="button" onClick={onJson}>
          Edit as JSON
        </button>
        <button type="button" onClick={onCancel}>
          Back
        </button>
      </div>
    </form>
  );
}

function JsonResend({
  rejection: r,
  onSend,
  onCancel,
}: {
  rejection: RejectionRow;
  onSend: (args: unknown) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(() =>
    JSON.stringify(resendArgs(r.args, new Map(), conflictsOf(r.details), camel), null, 2),
  );
  const [problem, setProblem] = useState<string>();
  return (
    <form
      className="form editor"
      data-testid="resend-json"
      onSubmit={(e) => {
        e.preventDefault();
        try {
          onSend(JSON.parse(text) as unknown);
        } catch (error) {
          setProblem(error instanceof Error ? error.message : String(error));
        }
      }}
    >
      <label>
        {r.name} arguments (JSON)
        <textarea
          className="json"
          rows={Math.min(20, text.split('\n').length + 1)}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {problem ? <p className="notice error">{problem}</p> : null}
      <div className="actions">
        <button type="submit" className="primary">
          Send again
        </button>
        <button type="button" onClick={onCancel}>
          Back
        </button>
      </div>
    </form>
  );
}
