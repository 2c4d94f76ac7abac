/**
 * The permission catalog: `resource:action`. The server checks these on
 * every request; the client uses the same list to hide what would be refused.
 */
export const permissionCatalog = {
  'work_orders:create': 'Create work orders',
  'work_orders:read': 'Read work orders assigned to or requested by oneself',
  'work_orders:read_all': "Read all of the tenant's work orders",
  'work_orders:update': 'Update work orders (technicians: only their own)',
  'work_orders:assign': 'Assign work orders to people',
  'work_orders:delete': 'Cancel or delete work orders',
  'work_orders:edit_steps': 'Add, remove, reorder and redefine checklist steps',
  'comments:moderate': "Edit or delete other people's comments",
  'assets:read': 'Read assets',
  'assets:create': 'Create assets',
  'assets:update': 'Update assets',
  'assets:delete': 'Archive assets',
  'locations:read': 'Read sites and locations',
  'locations:create': 'Create locations',
  'locations:update': 'Update locations',
  'locations:delete': 'Archive locations',
  'inventory:read': 'Read parts and stock',
  'inventory:adjust': 'Receive, issue, adjust and count stock',
  'inventory:transfer': 'Transfer stock between stock locations',
  'schedules:read': 'Read preventive maintenance schedules',
  'schedules:create': 'Create preventive maintenance schedules',
  'schedules:update': 'Update preventive maintenance schedules',
  'schedules:delete': 'Delete preventive maintenance schedules',
  'requests:create': 'Submit maintenance requests',
  'requests:read': 'Read maintenance requests',
  'requests:approve': 'Approve or decline maintenance requests',
  'reports:read': 'Read reports and KPIs',
  'users:manage': 'Invite, deactivate and assign roles to users',
  'roles:manage': 'Create and edit custom roles',
  'settings:manage': 'Change tenant settings',
} as const;

export type Permission = keyof typeof permissionCatalog;
export const allPermissions = Object.keys(permissionCatalog) as Permission[];

export const defaultRoleNames = [
  'Admin',
  'Supervisor',
  'Technician',
  'Requester',
  'Viewer',
] as const;
export type DefaultRoleName = (typeof defaultRoleNames)[number];

const readAll: Permission[] = [
  'work_orders:read',
  'work_orders:read_all',
  'assets:read',
  'locations:read',
  'inventory:read',
  'schedules:read',
  'requests:read',
];

/** The permissions each default role starts with; tenants may add custom roles. */
export const defaultRolePermissions: Record<DefaultRoleName, readonly Permission[]> = {
  Admin: allPermissions,
  Supervisor: allPermissions.filter(
    (p) => p !== 'users:manage' && p !== 'roles:manage' && p !== 'settings:manage',
  ),
  Technician: [
    ...readAll,
    'work_orders:create',
    'work_orders:update',
    'inventory:adjust',
    'requests:create',
    'assets:update',
  ],
  Requester: ['requests:create', 'requests:read', 'work_orders:read'],
  Viewer: [...readAll, 'reports:read'],
};
