import type { Priority, WorkOrderStatus } from '@plantkeep/shared';
import { asDate } from '../ui/format';

/** A work-order row as the list screens select it. */
export interface WorkOrderRow {
  id: string;
  number: number | null;
  title: string;
  status: WorkOrderStatus;
  priority: Priority;
  due_date: Date | string | null;
}

/** Human numbers come from the server; until a new work order syncs it has none. */
export const woNumber = (n: number | null) => (n === null ? 'WO-pending' : `WO-${n}`);

const closed: ReadonlySet<string> = new Set(['completed', 'verified', 'cancelled']);

export function isOverdue(row: Pick<WorkOrderRow, 'due_date' | 'status'>, now = Date.now()) {
  const due = asDate(row.due_date);
  return due !== null && due.getTime() < now && !closed.has(row.status);
}
