import type { Actor } from '../auth/access';
import type { Permission } from '../auth/permissions';

/**
 * The small language a synced table's read rule is written in (docs/SPEC.md
 * VI-1). A rule is data: the server compiles it to the shape's SQL filter
 * (`visibility-sql.ts`) and both sides evaluate it over rows in JS
 * (`visibility-check.ts`), so the two can never be written differently.
 * Column and table names come only from these declarations; values the
 * caller supplies (user id, client id) and string literals become SQL
 * parameters.
 */

/** A value the caller brings: their user id or their device's client id. */
export interface ActorValue {
  readonly actor: 'userId' | 'clientId';
}

export type RuleValue = ActorValue | string | boolean;

export type Cond =
  | { readonly always: true }
  | { readonly never: true }
  /** Holds when the caller has the permission (decided before any row is read). */
  | { readonly perm: Permission }
  | { readonly col: string; readonly is: RuleValue }
  | { readonly and: readonly Cond[] }
  | { readonly or: readonly Cond[] }
  | { readonly col: string; readonly in: SubQuery };

/** `col IN (SELECT innerCol FROM table WHERE tenant AND where)`. */
export interface SubQuery {
  readonly table: string;
  readonly col: string;
  readonly where: Cond;
  /**
   * The outer column is a foreign key to `table.col`: every outer row has
   * its inner row, so an inner rule that holds for all rows holds for every
   * outer row, and a new inner row cannot move existing outer rows in.
   */
  readonly references: boolean;
}

export const me: ActorValue = { actor: 'userId' };
export const myClient: ActorValue = { actor: 'clientId' };
export const always: Cond = { always: true };
export const never: Cond = { never: true };
export const perm = (permission: Permission): Cond => ({ perm: permission });
export const anyPerm = (...permissions: Permission[]): Cond => or(...permissions.map(perm));
export const is = (col: string, value: RuleValue): Cond => ({ col, is: value });
export const and = (...parts: Cond[]): Cond => ({ and: parts });
export const or = (...parts: Cond[]): Cond => ({ or: parts });
export const inTable = (
  col: string,
  table: string,
  innerCol: string,
  where: Cond,
  references: boolean,
): Cond => ({ col, in: { table, col: innerCol, where, references } });

export const isAlways = (c: Cond): boolean => 'always' in c;
export const isNever = (c: Cond): boolean => 'never' in c;

/**
 * The rule with the caller's permissions decided: no `perm` left, and
 * `always`/`never` folded away wherever they decide an `and`/`or`.
 */
export function simplify(cond: Cond, actor: Actor): Cond {
  if ('perm' in cond) return actor.permissions.has(cond.perm) ? always : never;
  if ('and' in cond) {
    const parts = cond.and.map((c) => simplify(c, actor)).filter((c) => !isAlways(c));
    if (parts.some(isNever)) return never;
    return parts.length === 0 ? always : parts.length === 1 ? (parts[0] as Cond) : { and: parts };
  }
  if ('or' in cond) {
    const parts = cond.or.map((c) => simplify(c, actor)).filter((c) => !isNever(c));
    if (parts.some(isAlways)) return always;
    return parts.length === 0 ? never : parts.length === 1 ? (parts[0] as Cond) : { or: parts };
  }
  if ('in' in cond) {
    const where = simplify(cond.in.where, actor);
    if (isNever(where)) return never;
    if (isAlways(where) && cond.in.references) return always;
    return { col: cond.col, in: { ...cond.in, where } };
  }
  return cond;
}

/** Every subquery of a (simplified) rule, outermost first. */
export function subQueries(cond: Cond): SubQuery[] {
  if ('and' in cond) return cond.and.flatMap(subQueries);
  if ('or' in cond) return cond.or.flatMap(subQueries);
  if ('in' in cond) return [cond.in, ...subQueries(cond.in.where)];
  return [];
}

/** Whether a rule mentions the caller's client id (such shapes need `client_id`). */
export function usesClientId(cond: Cond): boolean {
  if ('and' in cond) return cond.and.some(usesClientId);
  if ('or' in cond) return cond.or.some(usesClientId);
  if ('in' in cond) return usesClientId(cond.in.where);
  if ('is' in cond) return typeof cond.is === 'object' && cond.is.actor === 'clientId';
  return false;
}
