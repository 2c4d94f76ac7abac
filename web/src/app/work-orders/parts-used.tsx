import { useState } from 'react';
import { useLiveQuery } from '../../runtime/use-live-query';
import { useMutate } from '../../runtime/use-mutate';
import { messageOf } from '../ui/format';
import { newId, nowIso } from './work-entry';

/** Parts used on the work order; adding one issues it from a stock location (partUsed.add). */
export function PartsUsed({ workOrderId, canWork }: { workOrderId: string; canWork: boolean }) {
  const mutate = useMutate();
  const [partId, setPartId] = useState('');
  const [locationId, setLocationId] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [search, setSearch] = useState('');
  const [problem, setProblem] = useState<string>();
  const used =
    useLiveQuery<{ id: string; part: string | null; quantity: string; unit: string | null }>(
      `select pu.id, p.part_number || ' · ' || p.name as part, pu.quantity::text as quantity, p.unit
         from parts_used pu left join parts p on p.id = pu.part_id
        where pu.work_order_id = $1 order by pu.used_at`,
      [workOrderId],
    ).rows ?? [];
  const parts =
    useLiveQuery<{ id: string; label: string }>(
      `select id, part_number || ' · ' || name as label from parts
        where archived_at is null
          and ($1 = '' or name ilike '%' || $1 || '%' or part_number ilike '%' || $1 || '%')
        order by part_number limit 50`,
      [search.trim()],
    ).rows ?? [];
  const locations =
    useLiveQuery<{ id: string; label: string }>(
      `select id, code || ' · ' || name as label from stock_locations
        where archived_at is null order by code`,
    ).rows ?? [];
  const chosenLocation = locationId || locations[0]?.id || '';
  const add = async () => {
    setProblem(undefined);
    if (!partId || !chosenLocation) return setProblem('Pick a part and a stock location');
    try {
      await mutate('partUsed.add', {
        id: newId(),
        movementId: newId(),
        workOrderId,
        partId,
        stockLocationId: chosenLocation,
        quantity: quantity.trim(),
        usedAt: nowIso(),
      });
      setPartId('');
      setQuantity('1');
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <div className="parts-used" data-testid="parts-used">
      {used.length === 0 ? <p className="empty">No parts recorded.</p> : null}
      <ul className="work-list">
        {used.map((u) => (
          <li key={u.id}>
            <span>{u.part ?? 'Part'}</span>
            <span>
              {u.quantity} {u.unit ?? ''}
            </span>
          </li>
        ))}
      </ul>
      {canWork ? (
        <form
          className="work-log-form"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h3>Record a part used</h3>
          <input
            placeholder="Search parts"
            aria-label="Search parts"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <select
            name="part"
            aria-label="Part"
            value={partId}
            onChange={(e) => setPartId(e.target.value)}
            required
          >
            <option value="">Choose a part…</option>
            {parts.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
          <select
            name="stock-location"
            aria-label="Stock location"
            value={chosenLocation}
            onChange={(e) => setLocationId(e.target.value)}
          >
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
          <input
            name="quantity"
            aria-label="Quantity"
            inputMode="decimal"
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
            style={{ width: '6rem' }}
          />
          <button type="submit" className="primary" data-testid="part-add">
            Add part
          </button>
        </form>
      ) : null}
      {problem ? <p className="notice error">{problem}</p> : null}
    </div>
  );
}
