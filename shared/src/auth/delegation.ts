import { AppError } from '../errors';
import type { Permission } from './permissions';

/**
 * Who may hand out which permissions (docs/SPEC.md AC-5..AC-7). The server enforces these on
 * every user and role change; an admin screen can call the same functions to disable what the
 * server would refuse. Each returns the AUTHZ error to throw, or undefined when allowed.
 */

/** The permissions of `wanted` that `held` lacks, in catalog-string order. */
export function missingPermissions(
  held: ReadonlySet<Permission>,
  wanted: Iterable<Permission>,
): Permission[] {
  return [...new Set(wanted)].filter((p) => !held.has(p)).sort();
}

const refusal = (message: string, rule: string, missing?: Permission[]) =>
  new AppError('AUTHZ', message, { rule, ...(missing ? { missing } : {}) });

/**
 * AC-5: a role may be created, edited or deleted only by someone holding every permission it
 * carries before and after the change, so no one can mint or enlarge a role beyond themself.
 */
export function roleChangeRefusal(
  actorPermissions: ReadonlySet<Permission>,
  role: { current?: readonly Permission[]; next?: readonly Permission[] },
): AppError | undefined {
  const missing = missingPermissions(actorPermissions, [
    ...(role.current ?? []),
    ...(role.next ?? []),
  ]);
  if (missing.length === 0) return undefined;
  return refusal(
    `You cannot ${role.current ? 'change' : 'create'} a role carrying permissions you do not hold: ${missing.join(', ')}`,
    'AC-5',
    missing,
  );
}

export interface UserChange {
  actor: { userId: string; permissions: ReadonlySet<Permission> };
  /** The user being changed (or invited: no current permissions) and what they hold now. */
  target: { userId: string | undefined; permissions: readonly Permission[] };
  /** The union of the permissions of the roles the user will hold, when the roles change. */
  grantedPermissions?: readonly Permission[];
}

/**
 * AC-6: nobody changes (renames, re-roles, deactivates) a user who holds permissions they lack,
 * nor grants roles carrying permissions they lack. AC-7: changing one's own roles needs
 * `roles:manage` (with `users:manage` alone one could otherwise pick any role within reach).
 */
export function userChangeRefusal({
  actor,
  target,
  grantedPermissions,
}: UserChange): AppError | undefined {
  const self = target.userId === actor.userId;
  const above = missingPermissions(actor.permissions, target.permissions);
  if (!self && above.length > 0) {
    return refusal(
      `You cannot change a user who holds permissions you do not: ${above.join(', ')}`,
      'AC-6',
      above,
    );
  }
  if (grantedPermissions === undefined) return undefined;
  if (self && !actor.permissions.has('roles:manage')) {
    return refusal('Changing your own roles needs the roles:manage permission', 'AC-7');
  }
  const missing = missingPermissions(actor.permissions, grantedPermissions);
  if (missing.length > 0) {
    return refusal(
      `You cannot grant roles carrying permissions you do not hold: ${missing.join(', ')}`,
      'AC-6',
      missing,
    );
  }
  return undefined;
}
