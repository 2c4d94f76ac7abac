import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import { WorkOrderList } from './work-order-list';
import { asDate } from '../ui/format';
import { type WorkOrderRow } from './work-order-format';

const weekMs = 7 * 24 * 3600 * 1000;

/** Open work assigned to me: overdue first, then due this week, then the rest. */
export function MyWorkScreen() {
  const { user } = useRuntime();
  const { rows, error } = useLiveQuery<WorkOrderRow>(
    `select w.id, w.number, w.title, w.status::text as status, w.priority::text as priority, w.due_date
       from work_orders w
      where w.status::text in ('open', 'in_progress', 'on_hold')
        and exists (select 1 from work_order_assignees a where a.work_order_id = w.id and a.user_id = $1)
      order by w.due_date asc nulls last, w.number desc nulls first
      limit 500`,
    [user.id],
  );
  if (error) return <p className="notice error">{error.message}</p>;
  if (!rows) return <p className="notice">Loading…</p>;
  const now = Date.now();
  const due = (r: WorkOrderRow) => asDate(r.due_date)?.getTime();
  const overdue = rows.filter((r) => (due(r) ?? Infinity) < now);
  const soon = rows.filter((r) => {
    const d = due(r);
    return d !== undefined && d >= now && d < now + weekMs;
  });
  const later = rows.filter((r) => {
    const d = due(r);
    return d === undefined || d >= now + weekMs;
  });
  return (
    <section className="screen" data-testid="my-work">
      <h1>My work</h1>
      <p className="summary">
        {rows.length} open · {overdue.length} overdue · {soon.length} due this week
      </p>
      <h2>Overdue</h2>
      <WorkOrderList rows={overdue} empty="Nothing overdue." />
      <h2>Due this week</h2>
      <WorkOrderList rows={soon} empty="Nothing due this week." />
      <h2>Later or no due date</h2>
      <WorkOrderList rows={later} empty="Nothing else assigned to you." />
    </section>
  );
}
