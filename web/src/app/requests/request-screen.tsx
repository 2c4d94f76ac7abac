import { can, checkTransition, priorities, type Priority } from '@plantkeep/shared';
import { useState, type FormEvent } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import { useMutate } from '../../runtime/use-mutate';
import '../ui/browse.css';
import { AssetPicker } from '../assets/asset-picker';
import { useHashParam } from '../ui/hash-query';
import { Link, navigate } from '../ui/router';
import { formatDate, statusLabel } from '../ui/format';
import { woNumber } from '../work-orders/work-order-format';
import { ValueSelect } from '../ui/value-select';

/**
 * A maintenance request (`request.submit`): anyone with requests:create, e.g.
 * a requester, files one with a title, what is wrong, how urgent, and
 * optionally the asset. Works offline; a supervisor approves or declines it.
 */
export function RequestScreen() {
  const mutate = useMutate();
  const presetAsset = useHashParam('asset');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<Priority>('medium');
  const [assetId, setAssetId] = useState(presetAsset);
  const [problem, setProblem] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    const id = crypto.randomUUID();
    try {
      await mutate('request.submit', {
        id,
        title,
        priority,
        ...(description.trim() ? { description } : {}),
        ...(assetId ? { assetId } : {}),
      });
      navigate(`/work-orders/${id}`);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section className="screen" data-testid="request-form">
      <h1>Request maintenance</h1>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          What needs attention?
          <input
            name="title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={200}
            placeholder="e.g. Conveyor 3 makes a grinding noise"
          />
        </label>
        <label>
          Details
          <textarea
            name="description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            rows={4}
          />
        </label>
        <label>
          How urgent?
          <ValueSelect
            name="priority"
            values={priorities}
            value={priority}
            onChange={setPriority}
          />
        </label>
        <AssetPicker value={assetId} onChange={setAssetId} label="Asset (optional)" />
        {problem ? <p className="notice error">{problem}</p> : null}
        <button type="submit" className="primary" data-testid="request-submit">
          Send request
        </button>
      </form>
    </section>
  );
}

interface RequestRow {
  id: string;
  number: number | null;
  title: string;
  priority: string;
  created_at: Date | string;
  requester_id: string | null;
  requester: string | null;
  asset: string | null;
}

/**
 * Open requests (status `requested`): a requester sees their own, a
 * supervisor every one, with Approve (→ open) and Decline (→ cancelled, with
 * a reason) where the state machine allows it.
 */
export function RequestsScreen() {
  const { actor } = useRuntime();
  const { rows } = useLiveQuery<RequestRow>(
    `select w.id, w.number, w.title, w.priority::text as priority, w.created_at, w.requester_id,
            u.name as requester, a.tag || ' · ' || a.name as asset
       from work_orders w
       left join users u on u.id = w.requester_id
       left join assets a on a.id = w.asset_id
      where w.status::text = 'requested'
      order by w.created_at desc
      limit 200`,
  );
  return (
    <section className="screen requests" data-testid="requests">
      <h1>Requests</h1>
      {can(actor, 'requests:create') ? (
        <p>
          <Link to="/requests/new">+ Request maintenance</Link>
        </p>
      ) : null}
      {rows && rows.length === 0 ? <p className="empty">No open requests.</p> : null}
      <ul className="wo-list">
        {rows?.map((r) => (
          <RequestItem key={r.id} request={r} />
        ))}
      </ul>
    </section>
  );
}

function RequestItem({ request: r }: { request: RequestRow }) {
  const { actor } = useRuntime();
  const mutate = useMutate();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const scope = { requesterId: r.requester_id, assigneeIds: [] };
  const may = (to: 'open' | 'cancelled') =>
    checkTransition(actor, scope, 'requested', to, 'reason given') === undefined;
  const act = async (to: 'open' | 'cancelled', why?: string) => {
    setProblem(undefined);
    try {
      await mutate('workOrder.transition', { id: r.id, to, ...(why ? { reason: why } : {}) });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <li className="wo-item request" data-testid="request-item">
      <Link to={`/work-orders/${r.id}`} className="wo-title">
        {woNumber(r.number)} {r.title}
      </Link>
      <span className={`badge priority-${r.priority}`}>{statusLabel(r.priority)}</span>
      <span className="due">
        {r.requester ?? 'Someone'} · {formatDate(r.created_at)}
        {r.asset ? ` · ${r.asset}` : ''}
      </span>
      <div className="request-actions">
        {may('open') ? (
          <button
            type="button"
            className="primary"
            data-testid="request-approve"
            onClick={() => void act('open')}
          >
            Approve
          </button>
        ) : null}
        {may('cancelled') && !declining ? (
          <button type="button" className="danger" onClick={() => setDeclining(true)}>
            {r.requester_id === actor.userId && !can(actor, 'requests:approve')
              ? 'Withdraw'
              : 'Decline'}
          </button>
        ) : null}
        {declining ? (
          <form
            className="reason"
            onSubmit={(e) => {
              e.preventDefault();
              void act('cancelled', reason);
            }}
          >
            <label>
              Why?
              <input value={reason} onChange={(e) => setReason(e.target.value)} required />
            </label>
            <button type="submit" className="danger">
              Decline
            </button>
            <button type="button" onClick={() => setDeclining(false)}>
              Back
            </button>
          </form>
        ) : null}
      </div>
      {problem ? <p className="notice error">{problem}</p> : null}
    </li>
  );
}
