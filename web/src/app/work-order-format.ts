import type { Priority, WorkOrderStatus } from '@plantkeep/shared';

/** A work-order row as the list screens select it. */
export interface WorkOrderRow {
  id: string;
  number: number | null;
  title: string;
  status: WorkOrderStatus;
  priority: Priority;
  due_date: Date | string | null;
}

export const statusLabel = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace('_', ' ');

/** Human numbers come from the server; until a new work order syncs it has none. */
export const woNumber = (n: number | null) => (n === null ? 'WO-pending' : `WO-${n}`);

export function asDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

export function formatDate(value: Date | string | null): string {
  const date = asDate(value);
  return date
    ? date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
    : '—';
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

const closed: ReadonlySet<string> = new Set(['completed', 'verified', 'cancelled']);

export function isOverdue(row: Pick<WorkOrderRow, 'due_date' | 'status'>, now = Date.now()) {
  const due = asDate(row.due_date);
  return due !== null && due.getTime() < now && !closed.has(row.status);
}
