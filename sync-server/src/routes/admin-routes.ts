import { createRoute, z } from '@hono/zod-openapi';
import { allPermissions, permissionCatalog, type Permission } from '@plantkeep/shared';
import type { AccountService } from '../auth/account-service';
import { emailSchema, personNameSchema, textSchema } from '../auth/credentials';
import { withTenant, type Database } from '../db';
import { principalOf, requirePermission } from '../http/authenticate';
import { bearerAuth, createApiRouter, jsonContent } from '../http/openapi';
import { createRole, deleteRole, listRoles, updateRole } from '../tenancy/role-admin';
import { inviteUser, listUsers, updateUser } from '../tenancy/user-admin';
import { dataOf, OkSchema, UuidParam } from './schemas';

const roleIds = z.array(z.string().uuid()).max(20);
const permissionList = z
  .array(z.enum(allPermissions as [Permission, ...Permission[]]))
  .max(allPermissions.length * 2);

const UserViewSchema = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    roleIds: z.array(z.string().uuid()),
    deactivated: z.boolean(),
    invited: z.boolean(),
    emailVerified: z.boolean(),
    lastLoginAt: z.string().nullable(),
  })
  .openapi('UserView');

const RoleViewSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    description: z.string().nullable(),
    isSystem: z.boolean(),
    permissions: z.array(z.string()),
  })
  .openapi('Role');

const IdSchema = dataOf(z.object({ id: z.string().uuid() }));
const ok = { data: { ok: true as const } };

/** User administration (users:manage): list, invite, rename, change roles, deactivate. */
export function userAdminRoutes(db: Database, accounts: AccountService) {
  const router = createApiRouter();
  router.use('/v1/users', requirePermission('users:manage'));
  router.use('/v1/users/*', requirePermission('users:manage'));
  return router
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/users',
        tags: ['admin'],
        summary: "The tenant's users",
        security: bearerAuth,
        responses: { 200: jsonContent(dataOf(z.array(UserViewSchema)), 'Users') },
      }),
      async (c) => {
        const me = principalOf(c);
        return c.json({ data: await withTenant(db, me.tenantId, listUsers) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/users',
        tags: ['admin'],
        summary: 'Invite a user (mails a link to choose a password)',
        security: bearerAuth,
        request: {
          body: jsonContent(
            z.object({ email: emailSchema, name: personNameSchema, roleIds: roleIds.min(1) }),
            'Invitation',
          ),
        },
        responses: { 201: jsonContent(IdSchema, 'Invited') },
      }),
      async (c) => {
        const me = principalOf(c);
        const input = c.req.valid('json');
        const id = await withTenant(db, me.tenantId, (tx) => inviteUser(tx, me, input));
        await accounts.sendInvitation(me.tenantId, id, input.email, me.name);
        return c.json({ data: { id } }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/v1/users/{id}',
        tags: ['admin'],
        summary:
          'Rename, change roles, deactivate (signs out every device) or reactivate; never a user or role beyond your own permissions (SPEC AC-6..AC-8)',
        security: bearerAuth,
        request: {
          params: UuidParam,
          body: jsonContent(
            z
              .object({
                name: personNameSchema.optional(),
                roleIds: roleIds.optional(),
                deactivated: z.boolean().optional(),
              })
              .strict(),
            'Changes',
          ),
        },
        responses: { 200: jsonContent(OkSchema, 'Updated') },
      }),
      async (c) => {
        const me = principalOf(c);
        const { id } = c.req.valid('param');
        await withTenant(db, me.tenantId, (tx) => updateUser(tx, me, id, c.req.valid('json')));
        return c.json(ok, 200);
      },
    );
}

/** Role administration (roles:manage): default roles are fixed, custom roles are editable. */
export function roleAdminRoutes(db: Database) {
  const router = createApiRouter();
  router.use('/v1/roles', requirePermission('roles:manage'));
  router.use('/v1/roles/*', requirePermission('roles:manage'));
  return router
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/permissions',
        tags: ['admin'],
        summary: 'The permission catalog',
        security: bearerAuth,
        responses: {
          200: jsonContent(
            dataOf(z.array(z.object({ key: z.string(), description: z.string() }))),
            'Catalog',
          ),
        },
      }),
      (c) => {
        principalOf(c);
        const data = Object.entries(permissionCatalog).map(([key, description]) => ({
          key,
          description,
        }));
        return c.json({ data }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/roles',
        tags: ['admin'],
        summary: "The tenant's roles with their permissions",
        security: bearerAuth,
        responses: { 200: jsonContent(dataOf(z.array(RoleViewSchema)), 'Roles') },
      }),
      async (c) => {
        const me = principalOf(c);
        return c.json({ data: await withTenant(db, me.tenantId, listRoles) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/roles',
        tags: ['admin'],
        summary: 'Create a custom role',
        security: bearerAuth,
        request: {
          body: jsonContent(
            z.object({
              name: textSchema(1, 60),
              description: textSchema(0, 300).optional(),
              permissions: permissionList,
            }),
            'Role',
          ),
        },
        responses: { 201: jsonContent(IdSchema, 'Created') },
      }),
      async (c) => {
        const me = principalOf(c);
        const id = await withTenant(db, me.tenantId, (tx) =>
          createRole(tx, me, c.req.valid('json')),
        );
        return c.json({ data: { id } }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/v1/roles/{id}',
        tags: ['admin'],
        summary: 'Edit a custom role',
        security: bearerAuth,
        request: {
          params: UuidParam,
          body: jsonContent(
            z
              .object({
                name: textSchema(1, 60).optional(),
                description: textSchema(0, 300).optional(),
                permissions: permissionList.optional(),
              })
              .strict(),
            'Changes',
          ),
        },
        responses: { 200: jsonContent(OkSchema, 'Updated') },
      }),
      async (c) => {
        const me = principalOf(c);
        await withTenant(db, me.tenantId, (tx) =>
          updateRole(tx, me, c.req.valid('param').id, c.req.valid('json')),
        );
        return c.json(ok, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/v1/roles/{id}',
        tags: ['admin'],
        summary: 'Delete an unused custom role',
        security: bearerAuth,
        request: { params: UuidParam },
        responses: { 200: jsonContent(OkSchema, 'Deleted') },
      }),
      async (c) => {
        const me = principalOf(c);
        await withTenant(db, me.tenantId, (tx) => deleteRole(tx, me, c.req.valid('param').id));
        return c.json(ok, 200);
      },
    );
}
