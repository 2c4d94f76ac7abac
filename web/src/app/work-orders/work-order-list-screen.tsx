import { priorities, workOrderStatuses } from '@plantkeep/shared';
import { useState } from 'react';
import { useLiveQuery } from '../../runtime/use-live-query';
import { WorkOrderList } from './work-order-list';
import type { WorkOrderRow } from './work-order-format';
import { ValueSelect } from '../ui/value-select';

// No literal percent signs in live-query SQL: PGlite's live extension passes the
// query through format(), where they would be read as placeholders.

/** Sort orders: fixed SQL fragments chosen by key, never user text. */
const sorts = {
  due: 'w.due_date asc nulls last, w.number desc',
  priority:
    "array_position(array['critical','high','medium','low'], w.priority::text), w.due_date asc nulls last",
  newest: 'w.created_at desc',
  number: 'w.number desc nulls first',
} as const;
type SortKey = keyof typeof sorts;

const pageSize = 200;

/** Every work order in the replica, filtered, sorted and searched locally (works offline). */
export function WorkOrderListScreen() {
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState('');
  const [sort, setSort] = useState<SortKey>('due');
  const [search, setSearch] = useState('');
  const term = search.trim();
  const { rows, error } = useLiveQuery<WorkOrderRow & { total: number }>(
    `select w.id, w.number, w.title, w.status::text as status, w.priority::text as priority,
            w.due_date, count(*) over ()::int as total
       from work_orders w
      where ($1 = '' or w.status::text = $1)
        and ($2 = '' or w.priority::text = $2)
        and ($3 = '' or strpos(lower(w.title), lower($3)) > 0
             or w.number::text = ltrim(upper($3), 'WO-'))
      order by ${sorts[sort]}
      limit ${pageSize}`,
    [status, priority, term],
  );
  return (
    <section className="screen" data-testid="work-order-list">
      <h1>Work orders</h1>
      <div className="filters">
        <label>
          Search
          <input
            type="search"
            value={search}
            placeholder="Title or number"
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <label>
          Status
          <ValueSelect
            values={workOrderStatuses}
            value={status}
            onChange={setStatus}
            anyLabel="Any"
          />
        </label>
        <label>
          Priority
          <ValueSelect values={priorities} value={priority} onChange={setPriority} anyLabel="Any" />
        </label>
        <label>
          Sort
          <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            <option value="due">Due date</option>
            <option value="priority">Priority</option>
            <option value="newest">Newest</option>
            <option value="number">Number</option>
          </select>
        </label>
      </div>
      {error ? <p className="notice error">{error.message}</p> : null}
      {rows ? (
        <>
          <p className="summary">
            {rows[0]?.total ?? 0} work orders
            {(rows[0]?.total ?? 0) > pageSize ? ` (first ${pageSize} shown)` : ''}
          </p>
          <WorkOrderList rows={rows} empty="No work orders match." />
        </>
      ) : (
        <p className="notice">Loading…</p>
      )}
    </section>
  );
}
