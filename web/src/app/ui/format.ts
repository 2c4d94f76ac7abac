/** A stored enum value as a label: `in_progress` → `In progress` (statuses, priorities, kinds). */
export const statusLabel = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace('_', ' ');

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

/** The message of anything thrown, for a notice on screen. */
export const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);
