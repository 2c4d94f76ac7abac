import { defaultRoleNames, defaultRolePermissions, type DefaultRoleName } from './permissions';

const roleDescriptions: Record<DefaultRoleName, string> = {
  Admin: 'Full access, including users, roles and tenant settings',
  Supervisor: 'Plans, assigns and verifies work; manages assets, inventory and schedules',
  Technician: 'Works assigned orders, logs time and parts, updates assets',
  Requester: 'Submits maintenance requests and follows their progress',
  Viewer: 'Read-only access to maintenance data and reports',
};

export interface DefaultRoleRows {
  ids: Record<DefaultRoleName, string>;
  roles: { id: string; name: DefaultRoleName; description: string }[];
  grants: { roleId: string; permission: string }[];
}

/**
 * The default roles of a new tenant (Admin, Supervisor, Technician,
 * Requester, Viewer) and their grants, as rows: the server's signup inserts
 * them with random ids, the data generator with ids from its seeded stream.
 */
export function defaultRoleRows(newId: () => string): DefaultRoleRows {
  const ids = Object.fromEntries(defaultRoleNames.map((name) => [name, newId()])) as Record<
    DefaultRoleName,
    string
  >;
  return {
    ids,
    roles: defaultRoleNames.map((name) => ({
      id: ids[name],
      name,
      description: roleDescriptions[name],
    })),
    grants: defaultRoleNames.flatMap((name) =>
      defaultRolePermissions[name].map((permission) => ({ roleId: ids[name], permission })),
    ),
  };
}
