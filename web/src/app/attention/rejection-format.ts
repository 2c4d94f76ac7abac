import {
  assetStatuses,
  criticalities,
  locationKinds,
  priorities,
  workOrderStatuses,
  workOrderTypes,
} from '@plantkeep/shared';
import { statusLabel } from '../ui/format';

/** A rejected mutation as the inbox reads it from the replica. */
export interface RejectionRow {
  seq: number;
  name: string;
  args: unknown;
  code: string;
  message: string;
  details: unknown;
  created_at: Date | string;
}

export interface FieldConflictView {
  field: string;
  seen: unknown;
  current: unknown;
  yours: unknown;
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field conflicts in a rejection's details (`{conflicts: [{field, seen, current, yours}]}`). */
export function conflictsOf(details: unknown): FieldConflictView[] {
  if (!isRecord(details) || !Array.isArray(details.conflicts)) return [];
  return details.conflicts.filter(isRecord).map((c) => ({
    field: String(c.field),
    seen: c.seen,
    current: c.current,
    yours: c.yours,
  }));
}

/** Validation issues in a rejection's details (`{issues: [{path, message}]}`). */
export function issuesOf(details: unknown): { path: string; message: string }[] {
  if (!isRecord(details) || !Array.isArray(details.issues)) return [];
  return details.issues.filter(isRecord).map((i) => ({
    path: typeof i.path === 'string' ? i.path : '',
    message: showValue(i.message),
  }));
}

const codeHelp: Record<string, string> = {
  CONFLICT: 'Someone else changed this meanwhile, or it no longer applies.',
  AUTHZ: 'You are not allowed to do this (any more).',
  VALIDATION: 'Some of the input was not accepted.',
  NOT_FOUND: 'Something it refers to no longer exists.',
};
export const explainCode = (code: string) => codeHelp[code] ?? 'The server refused this change.';

/** Server column names in conflicts → the words on screen. */
export const fieldLabel = (field: string) =>
  statusLabel(
    field
      .replace(/_id$/, '')
      .replace(/Id$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/_/g, ' ')
      .toLowerCase(),
  );

export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '(empty)';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The work order or asset a mutation is about, to link to it. */
export function subjectOf(name: string, args: unknown): string | undefined {
  if (!isRecord(args)) return undefined;
  if (name.startsWith('workOrder.') || name === 'request.submit')
    return typeof args.id === 'string' ? `/work-orders/${args.id}` : undefined;
  if (name === 'ydoc.update')
    return typeof args.docId === 'string' ? `/work-orders/${args.docId}` : undefined;
  if (name.startsWith('asset.'))
    return typeof args.id === 'string' ? `/assets/${args.id}` : undefined;
  return undefined;
}

/** A field the resend form offers: where it sits in the args, and its choices if it has any. */
export interface EditableField {
  path: readonly string[];
  label: string;
  original: unknown;
  options?: readonly string[];
  long?: boolean;
}

function optionsFor(name: string, key: string): readonly string[] | undefined {
  if (key === 'priority') return priorities;
  if (key === 'type' && name.startsWith('workOrder')) return workOrderTypes;
  if (key === 'to') return workOrderStatuses;
  if (key === 'status' && name.startsWith('asset')) return assetStatuses;
  if (key === 'criticality') return criticalities;
  if (key === 'kind' && name === 'location.create') return locationKinds;
  return undefined;
}

const isScalar = (v: unknown) =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const isIdKey = (k: string) => k === 'id' || k === 'docId' || /Ids?$/.test(k);

/**
 * The fields of a mutation's args a person can sensibly edit in a form: the
 * scalar top-level fields (ids excepted) and those inside `changes`. Empty
 * when the mutation has nothing of the kind (then the inbox offers JSON).
 */
export function editableFields(name: string, args: unknown): EditableField[] {
  if (!isRecord(args) || name === 'ydoc.update') return [];
  const fields: EditableField[] = [];
  for (const [key, value] of Object.entries(args)) {
    if (key === 'changes' && isRecord(value)) {
      for (const [field, v] of Object.entries(value)) {
        if (!isScalar(v)) continue;
        fields.push({
          path: ['changes', field],
          label: fieldLabel(field),
          original: v,
          options: optionsFor(name, field),
          long: field === 'description' || field === 'resolution',
        });
      }
    } else if (isScalar(value) && !isIdKey(key)) {
      fields.push({
        path: [key],
        label: fieldLabel(key),
        original: value,
        options: optionsFor(name, key),
        long: key === 'description',
      });
    }
  }
  return fields;
}

/** Turns what was typed back into the type the field had. */
export function fromInput(original: unknown, typed: string): unknown {
  if (typed === '' && (original === null || original === undefined)) return null;
  if (typeof original === 'number') return Number(typed);
  if (typeof original === 'boolean') return typed === 'true';
  return typed;
}

/**
 * The args to resend: the edited values written back, and for a field-level
 * conflict, `seen` updated to the server's current value, because the person
 * has now seen it and chose to keep (or edit) theirs.
 */
export function resendArgs(
  args: unknown,
  edits: ReadonlyMap<string, unknown>,
  conflicts: readonly FieldConflictView[],
  columnToField: (column: string) => string,
): unknown {
  const next: Record<string, unknown> = structuredClone(isRecord(args) ? args : {});
  for (const [key, value] of edits) {
    const path = key.split('.');
    let target: Record<string, unknown> = next;
    for (const step of path.slice(0, -1)) {
      const inner = target[step];
      if (!isRecord(inner)) break;
      target = inner;
    }
    target[path[path.length - 1]!] = value;
  }
  if (conflicts.length > 0 && isRecord(next.changes)) {
    const seen: Record<string, unknown> = isRecord(next.seen) ? { ...next.seen } : {};
    for (const c of conflicts) {
      const field = columnToField(c.field);
      if (field in next.changes) seen[field] = c.current;
    }
    next.seen = seen;
  }
  return next;
}

/** `due_date` → `dueDate` (conflicts name columns, args name fields). */
export const camel = (column: string) =>
  column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
