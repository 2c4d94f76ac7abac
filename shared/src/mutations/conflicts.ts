import { AppError } from '../errors';
import type { Row } from './tx';

/** Compares values the way a user would: numbers and timestamps by value, the rest by text. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a ?? null) === (b ?? null);
  }
  if (a instanceof Date || b instanceof Date) return toTime(a) === toTime(b);
  const sa = asText(a);
  const sb = asText(b);
  if (sa === sb) return true;
  const na = Number(sa);
  const nb = Number(sb);
  if (sa.trim() !== '' && sb.trim() !== '' && !Number.isNaN(na) && !Number.isNaN(nb))
    return na === nb;
  const ta = Date.parse(sa);
  const tb = Date.parse(sb);
  return /\d{4}-\d{2}-\d{2}/.test(sa) && !Number.isNaN(ta) && ta === tb;
}

function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? '';
}

function toTime(v: unknown): number {
  return v instanceof Date ? v.getTime() : Date.parse(asText(v));
}

export interface FieldConflict {
  field: string;
  seen: unknown;
  current: unknown;
  yours: unknown;
}

/**
 * Field-level conflict detection: only a field the mutation changes, whose
 * value on the server moved away from what the user saw (and not to the same
 * new value), conflicts. Fields without a `seen` value are blind writes.
 */
export function assertNoConflicts(current: Row, changes: Row, seen: Row): void {
  const conflicts: FieldConflict[] = [];
  for (const [field, yours] of Object.entries(changes)) {
    if (!(field in seen)) continue;
    const now = current[field];
    if (!sameValue(now, seen[field]) && !sameValue(now, yours)) {
      conflicts.push({ field, seen: seen[field] ?? null, current: now ?? null, yours });
    }
  }
  if (conflicts.length > 0) {
    throw new AppError(
      'CONFLICT',
      `Changed by someone else meanwhile: ${conflicts.map((c) => c.field).join(', ')}`,
      { conflicts },
    );
  }
}
