import { Link } from '../ui/router';
import { formatDate, statusLabel } from '../ui/format';
import { isOverdue, woNumber, type WorkOrderRow } from './work-order-format';

/** Large, tappable work-order rows. */
export function WorkOrderList({ rows, empty }: { rows: WorkOrderRow[]; empty: string }) {
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ul className="wo-list">
      {rows.map((row) => (
        <li key={row.id}>
          <Link to={`/work-orders/${row.id}`} className="wo-item" testId="wo-item">
            <span className="wo-number">{woNumber(row.number)}</span>
            <span className="wo-title">{row.title}</span>
            <span className={`badge status-${row.status}`}>{statusLabel(row.status)}</span>
            <span className={`badge priority-${row.priority}`}>{statusLabel(row.priority)}</span>
            <span className={isOverdue(row) ? 'due overdue' : 'due'}>
              {row.due_date ? `Due ${formatDate(row.due_date)}` : 'No due date'}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
