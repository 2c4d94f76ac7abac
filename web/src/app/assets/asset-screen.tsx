import { assetStatuses, can, criticalities } from '@plantkeep/shared';
import { useState, type FormEvent } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import { useMutate } from '../../runtime/use-mutate';
import { WorkOrderList } from '../work-orders/work-order-list';
import '../ui/browse.css';
import { assetPath } from './asset-links';
import { Link, navigate } from '../ui/router';
import { asDate, formatDate, statusLabel } from '../ui/format';
import { woNumber, type WorkOrderRow } from '../work-orders/work-order-format';
import { ValueSelect } from '../ui/value-select';

interface AssetDetail {
  id: string;
  tag: string;
  name: string;
  description: string | null;
  status: string;
  criticality: string;
  category: string | null;
  manufacturer: string | null;
  model: string | null;
  serial_number: string | null;
  installed_at: string | null;
  warranty_expires_on: string | null;
  parent_id: string | null;
  parent: string | null;
  location_id: string | null;
  location_path: string | null;
  archived_at: Date | string | null;
}

interface MeterRow {
  id: string;
  name: string;
  unit: string;
  kind: string;
  value: string | null;
  read_at: Date | string | null;
}

interface HistoryRow extends WorkOrderRow {
  type: string;
  closed_at: Date | string | null;
}

interface DowntimeRow {
  id: string;
  started_at: Date | string;
  ended_at: Date | string | null;
  planned: boolean;
  cause: string | null;
  failure_code: string | null;
  work_order_id: string | null;
  number: number | null;
}

const closed = `('completed','verified','cancelled')`;

function hours(from: Date | string, to: Date | string | null): string {
  const a = asDate(from)!;
  const b = asDate(to);
  if (!b) return 'ongoing';
  const h = (b.getTime() - a.getTime()) / 3_600_000;
  return h < 1 ? `${Math.round(h * 60)} min` : `${h.toFixed(1)} h`;
}

/** One asset: its facts, meters, open work, history (work orders and downtime) and actions. */
export function AssetScreen({ id }: { id: string }) {
  const { actor } = useRuntime();
  const [editing, setEditing] = useState(false);
  const asset = useLiveQuery<AssetDetail>(
    `with recursive up(id, parent_id, name, depth) as (
        select l.id, l.parent_id, l.name, 0 from locations l
         where l.id = (select location_id from assets where id = $1)
        union all
        select l.id, l.parent_id, l.name, up.depth + 1 from locations l join up on l.id = up.parent_id
         where up.depth < 20)
     select a.id, a.tag, a.name, a.description, a.status::text as status,
            a.criticality::text as criticality, a.category, a.manufacturer, a.model,
            a.serial_number, a.installed_at::text as installed_at,
            a.warranty_expires_on::text as warranty_expires_on, a.parent_id,
            p.tag || ' · ' || p.name as parent, a.location_id, a.archived_at,
            (select string_agg(name, ' › ' order by depth desc) from up) as location_path
       from assets a left join assets p on p.id = a.parent_id
      where a.id = $1`,
    [id],
  );
  const children =
    useLiveQuery<{ id: string; tag: string; name: string; status: string }>(
      `select id, tag, name, status::text as status from assets
        where parent_id = $1 and archived_at is null order by tag`,
      [id],
    ).rows ?? [];
  const meters =
    useLiveQuery<MeterRow>(
      `select m.id, m.name, m.unit, m.kind::text as kind, r.value::text as value, r.read_at
         from meters m
         left join lateral (select value, read_at from meter_readings
                             where meter_id = m.id order by read_at desc limit 1) r on true
        where m.asset_id = $1 and m.archived_at is null
        order by m.name`,
      [id],
    ).rows ?? [];
  const open = useLiveQuery<WorkOrderRow>(
    `select id, number, title, status::text as status, priority::text as priority, due_date
       from work_orders where asset_id = $1 and status::text not in ${closed}
      order by due_date asc nulls last, created_at desc`,
    [id],
  ).rows;
  const history =
    useLiveQuery<HistoryRow>(
      `select id, number, title, status::text as status, priority::text as priority, due_date,
              type::text as type, coalesce(completed_at, cancelled_at, updated_at) as closed_at
         from work_orders where asset_id = $1 and status::text in ${closed}
        order by coalesce(completed_at, cancelled_at, updated_at) desc limit 30`,
      [id],
    ).rows ?? [];
  const downtime =
    useLiveQuery<DowntimeRow>(
      `select d.id, d.started_at, d.ended_at, d.planned, d.cause, d.failure_code,
              d.work_order_id, w.number
         from asset_downtime d left join work_orders w on w.id = d.work_order_id
        where d.asset_id = $1 order by d.started_at desc limit 30`,
      [id],
    ).rows ?? [];

  const a = asset.rows?.[0];
  if (asset.rows && !a) return <p className="notice">This asset is not on this device.</p>;
  if (!a) return <p className="notice">Loading…</p>;

  const mayCreate = can(actor, 'work_orders:create');
  const mayRequest = can(actor, 'requests:create');
  return (
    <section className="screen" data-testid="asset-page">
      <p>
        <Link to="/assets">← Assets and locations</Link>
      </p>
      <h1>
        <span className="wo-number" data-testid="asset-tag">
          {a.tag}
        </span>{' '}
        <span data-testid="asset-name">{a.name}</span>
      </h1>
      <div className="badges">
        <span className={`badge asset-${a.status}`} data-testid="asset-status">
          {statusLabel(a.status)}
        </span>
        <span className={`badge priority-${a.criticality}`}>
          {statusLabel(a.criticality)} criticality
        </span>
        {a.archived_at ? <span className="badge">Archived</span> : null}
      </div>
      <div className="actions asset-actions">
        {mayCreate ? (
          <button
            type="button"
            className="primary"
            data-testid="asset-new-work-order"
            onClick={() => navigate(`/work-orders/new?asset=${encodeURIComponent(a.id)}`)}
          >
            New work order for this asset
          </button>
        ) : null}
        {mayRequest ? (
          <button
            type="button"
            className={mayCreate ? '' : 'primary'}
            onClick={() => navigate(`/requests/new?asset=${encodeURIComponent(a.id)}`)}
          >
            Request maintenance
          </button>
        ) : null}
        <button type="button" onClick={() => navigate(`/labels?asset=${encodeURIComponent(a.id)}`)}>
          Print label
        </button>
        {can(actor, 'assets:update') ? (
          <button type="button" onClick={() => setEditing(!editing)} data-testid="asset-edit">
            {editing ? 'Close editor' : 'Edit'}
          </button>
        ) : null}
      </div>
      {editing ? <AssetEditor asset={a} onDone={() => setEditing(false)} /> : null}
      <dl className="facts">
        <dt>Location</dt>
        <dd>{a.location_path ?? '—'}</dd>
        <dt>Part of</dt>
        <dd>{a.parent_id ? <Link to={assetPath(a.parent_id)}>{a.parent ?? '…'}</Link> : '—'}</dd>
        <dt>Category</dt>
        <dd>{a.category ?? '—'}</dd>
        <dt>Make / model</dt>
        <dd>{[a.manufacturer, a.model].filter(Boolean).join(' ') || '—'}</dd>
        <dt>Serial number</dt>
        <dd>{a.serial_number ?? '—'}</dd>
        <dt>Installed</dt>
        <dd>{formatDate(a.installed_at)}</dd>
        <dt>Warranty until</dt>
        <dd>{formatDate(a.warranty_expires_on)}</dd>
      </dl>
      {a.description ? <p className="description">{a.description}</p> : null}

      {children.length > 0 ? (
        <>
          <h2>Parts of this asset</h2>
          <ul className="chips">
            {children.map((c) => (
              <li key={c.id}>
                <Link to={assetPath(c.id)} className="chip">
                  {c.tag} · {c.name}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>Meters</h2>
      {meters.length === 0 ? (
        <p className="empty">No meters.</p>
      ) : (
        <table className="grid-table" data-testid="asset-meters">
          <thead>
            <tr>
              <th>Meter</th>
              <th>Last reading</th>
              <th>Read</th>
            </tr>
          </thead>
          <tbody>
            {meters.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{m.value === null ? '—' : `${Number(m.value).toLocaleString()} ${m.unit}`}</td>
                <td>{formatDate(m.read_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Open work</h2>
      <div data-testid="asset-open-work">
        {open ? <WorkOrderList rows={open} empty="No open work on this asset." /> : null}
      </div>

      <h2>Work history</h2>
      {history.length === 0 ? (
        <p className="empty">No past work orders.</p>
      ) : (
        <table className="grid-table" data-testid="asset-history">
          <thead>
            <tr>
              <th>Work order</th>
              <th>Type</th>
              <th>Status</th>
              <th>Closed</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.id}>
                <td>
                  <Link to={`/work-orders/${h.id}`}>
                    {woNumber(h.number)} {h.title}
                  </Link>
                </td>
                <td>{statusLabel(h.type)}</td>
                <td>{statusLabel(h.status)}</td>
                <td>{formatDate(h.closed_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Downtime</h2>
      {downtime.length === 0 ? (
        <p className="empty">No downtime recorded.</p>
      ) : (
        <table className="grid-table" data-testid="asset-downtime">
          <thead>
            <tr>
              <th>Started</th>
              <th>Duration</th>
              <th>Kind</th>
              <th>Cause</th>
              <th>Work order</th>
            </tr>
          </thead>
          <tbody>
            {downtime.map((d) => (
              <tr key={d.id}>
                <td>{formatDate(d.started_at)}</td>
                <td>{hours(d.started_at, d.ended_at)}</td>
                <td>{d.planned ? 'Planned' : 'Failure'}</td>
                <td>{[d.failure_code, d.cause].filter(Boolean).join(' — ') || '—'}</td>
                <td>
                  {d.work_order_id ? (
                    <Link to={`/work-orders/${d.work_order_id}`}>{woNumber(d.number)}</Link>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * Edits a few fields with `asset.update`, naming the values the user saw, so
 * a field someone else changed meanwhile comes back as a conflict (inbox)
 * instead of being overwritten silently.
 */
function AssetEditor({ asset, onDone }: { asset: AssetDetail; onDone: () => void }) {
  const mutate = useMutate();
  const [seen] = useState(() => ({
    name: asset.name,
    status: asset.status,
    criticality: asset.criticality,
    description: asset.description,
  }));
  const [name, setName] = useState(asset.name);
  const [status, setStatus] = useState(asset.status);
  const [criticality, setCriticality] = useState(asset.criticality);
  const [description, setDescription] = useState(asset.description ?? '');
  const [problem, setProblem] = useState<string>();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const edited: Record<string, string | null> = {
      name,
      status,
      criticality,
      description: description.trim() ? description : null,
    };
    const changes: Record<string, string | null> = {};
    const seenNow: Record<string, string | null> = {};
    for (const [field, value] of Object.entries(edited)) {
      const before = seen[field as keyof typeof seen];
      if (value !== before) {
        changes[field] = value;
        seenNow[field] = before;
      }
    }
    if (Object.keys(changes).length === 0) return onDone();
    try {
      await mutate('asset.update', { id: asset.id, changes, seen: seenNow });
      onDone();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <form className="form editor" onSubmit={(e) => void save(e)} data-testid="asset-editor">
      <label>
        Name
        <input name="asset-name" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <div className="row">
        <label>
          Status
          <ValueSelect values={assetStatuses} value={status} onChange={setStatus} />
        </label>
        <label>
          Criticality
          <ValueSelect values={criticalities} value={criticality} onChange={setCriticality} />
        </label>
      </div>
      <label>
        Description
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} />
      </label>
      {problem ? <p className="notice error">{problem}</p> : null}
      <div className="actions">
        <button type="submit" className="primary" data-testid="asset-save">
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
