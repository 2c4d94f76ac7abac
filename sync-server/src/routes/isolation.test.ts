import { defaultRoleNames, errorStatus, type DefaultRoleName } from '@plantkeep/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import type { Database } from '../db';
import {
  buildTestApp,
  call,
  createTestTenant,
  loginAs,
  type TestTenant,
} from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import { apiRoutes, type ApiRoute, type JsonSchema } from '../testing/openapi-routes';

/**
 * Tenant isolation matrix. The route list comes from the OpenAPI document, so a route added
 * later is probed without touching this file: every `{id}` route is called by every role of
 * tenant A with every id of tenant B, every body that carries ids is sent with B's ids, and
 * every list route is read by every role of A. None may succeed, none may show anything of B,
 * and B's rows must come out exactly as they went in.
 */

/** Routes addressing a row by path parameter (`{id}`, or any other `{param}`). */
const hasId = (route: ApiRoute) => route.path.includes('{');
const withId = (path: string, id: string) => path.replace(/\{[^}]+\}/g, id);

/** Whether a schema has uuid-typed fields, i.e. the body references other rows. */
function carriesIds(schema: JsonSchema | undefined): boolean {
  if (!schema) return false;
  if (schema.format === 'uuid') return true;
  if (schema.items && carriesIds(schema.items)) return true;
  return Object.values(schema.properties ?? {}).some(carriesIds);
}

let probe = 0;
/** A plausible valid value for a schema, with `ids` wherever a uuid is expected. */
function sample(schema: JsonSchema | undefined, ids: readonly string[]): unknown {
  if (!schema) return undefined;
  if (schema.enum?.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value, ids)]),
      );
    case 'array':
      return schema.items?.format === 'uuid'
        ? ids.slice(0, schema.maxItems ?? ids.length)
        : [sample(schema.items, ids)];
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    default:
      if (schema.format === 'uuid') return ids[0];
      if (schema.format === 'email') return `probe-${(probe += 1)}@iso-a.test`;
      return 'Isolation probe'.padEnd(schema.minLength ?? 0, '!');
  }
}

/** Everything in the database about one tenant, read as the owner (no row-level security). */
async function snapshot(db: Database, tenantId: string) {
  const q = (sql: string) => db.query(sql, [tenantId]);
  return {
    tenant: await q('select id, slug, name from tenants where id = $1'),
    users: await q(
      `select id, email, name, password_hash, deactivated_at, email_verified_at
         from users where tenant_id = $1 order by id`,
    ),
    userRoles: await q(
      'select user_id, role_id from user_roles where tenant_id = $1 order by user_id, role_id',
    ),
    roles: await q(
      'select id, name, description, is_system from roles where tenant_id = $1 order by id',
    ),
    rolePermissions: await q(
      `select role_id, permission from role_permissions where tenant_id = $1
        order by role_id, permission`,
    ),
    sessions: await q(
      'select id, user_id, revoked_at, expires_at from sessions where tenant_id = $1 order by id',
    ),
    authTokens: await q(
      'select id, kind, used_at from auth_tokens where tenant_id = $1 order by id',
    ),
  };
}

function expectErrorShape(res: { status: number; body: Record<string, unknown> }) {
  const error = res.body.error as
    { code?: keyof typeof errorStatus; message?: unknown } | undefined;
  expect(error?.code, JSON.stringify(res.body)).toBeDefined();
  expect(errorStatus[error!.code!]).toBe(res.status);
  expect(typeof error?.message).toBe('string');
}

describe.each(testDatabases)('tenant isolation on $name', (target) => {
  let db: Database;
  let app: App;
  let a: TestTenant;
  let b: TestTenant;
  let routes: ApiRoute[];
  /** One access token per default role of tenant A. */
  const tokens = {} as Record<DefaultRoleName, string>;
  const sessionOf = {} as Record<DefaultRoleName, string>;
  let aCustomRole: string;
  let bCustomRole: string;
  let bSessions: string[];
  /** Every id of B a probe may carry: users, roles (default and custom), sessions. */
  let bIds: string[];
  let bAdminToken: string;
  /** Strings that must never appear in a response to A. */
  let bMarkers: string[];
  let before: { a: Awaited<ReturnType<typeof snapshot>>; b: Awaited<ReturnType<typeof snapshot>> };

  const leaksOfB = (body: unknown) => {
    const text = JSON.stringify(body).toLowerCase();
    return bMarkers.filter((marker) => text.includes(marker.toLowerCase()));
  };

  beforeAll(async () => {
    db = await target.open();
    app = buildTestApp(db).app;
    a = await createTestTenant(db, 'iso-a');
    b = await createTestTenant(db, 'iso-b');
    routes = await apiRoutes(app);

    // B gets a custom role, an invited user, mail in its outbox and two live sessions.
    const bAdmin = await loginAs(app, b.users.Admin.email);
    bAdminToken = bAdmin.accessToken;
    const role = await call(app, 'POST', '/v1/roles', {
      token: bAdmin.accessToken,
      body: { name: 'Iso-B Custodian', description: 'B only', permissions: ['assets:read'] },
    });
    expect(role.status).toBe(201);
    bCustomRole = (role.body.data as { id: string }).id;
    const invite = await call(app, 'POST', '/v1/users', {
      token: bAdmin.accessToken,
      body: { email: 'invitee@iso-b.test', name: 'Invitee of iso-b', roleIds: [bCustomRole] },
    });
    expect(invite.status).toBe(201);
    const bInvitee = (invite.body.data as { id: string }).id;
    expect(
      (await call(app, 'POST', '/v1/auth/verify-email', { token: bAdmin.accessToken })).status,
    ).toBe(202);
    const bTech = await loginAs(app, b.users.Technician.email);
    bSessions = [];
    for (const token of [bAdmin.accessToken, bTech.accessToken]) {
      const res = await call(app, 'GET', '/v1/sessions', { token });
      bSessions.push(...(res.body.data as { id: string }[]).map((s) => s.id));
    }
    expect(bSessions).toHaveLength(2);

    bIds = [
      ...Object.values(b.users).map((u) => u.id),
      bInvitee,
      ...Object.values(b.roles),
      bCustomRole,
      ...bSessions,
    ];
    bMarkers = [
      b.id,
      b.slug,
      ...bIds,
      ...Object.values(b.users).map((u) => u.email),
      'invitee@iso-b.test',
      'Iso-B Custodian',
    ];

    // A: a custom role of its own, mail in its outbox, and every role signed in once.
    for (const name of defaultRoleNames) {
      const pair = await loginAs(app, a.users[name].email);
      tokens[name] = pair.accessToken;
      const sessions = await call(app, 'GET', '/v1/sessions', { token: pair.accessToken });
      sessionOf[name] = (sessions.body.data as { id: string }[])[0]!.id;
    }
    const aRole = await call(app, 'POST', '/v1/roles', {
      token: tokens.Admin,
      body: { name: 'Iso-A Storekeeper', permissions: ['inventory:read'] },
    });
    aCustomRole = (aRole.body.data as { id: string }).id;
    await call(app, 'POST', '/v1/auth/verify-email', { token: tokens.Admin });

    before = { a: await snapshot(db, a.id), b: await snapshot(db, b.id) };
  });

  afterAll(async () => {
    await db?.close();
  });

  it('derives the route list from the OpenAPI document', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys.length).toBeGreaterThan(10);
    expect(keys).toEqual(
      expect.arrayContaining([
        'PATCH /v1/users/{id}',
        'PATCH /v1/roles/{id}',
        'DELETE /v1/roles/{id}',
        'DELETE /v1/sessions/{id}',
        'POST /v1/users',
        'GET /v1/users',
      ]),
    );
    expect(routes.filter(hasId).length).toBeGreaterThanOrEqual(4);
  });

  it("refuses every {id} route to every role of A when the id is B's", async () => {
    const ownIds = [a.roles.Viewer];
    for (const route of routes.filter(hasId)) {
      for (const role of defaultRoleNames) {
        for (const id of bIds) {
          const label = `${role} ${route.method} ${route.path} with B's ${id}`;
          const res = await call(app, route.method, withId(route.path, id), {
            token: tokens[role],
            body: sample(route.body, ownIds),
          });
          expect([403, 404], label).toContain(res.status);
          // Admin holds every permission, so the refusal must come from the tenant boundary.
          if (role === 'Admin') expect(res.status, label).toBe(404);
          expectErrorShape(res);
          expect(leaksOfB(res.body), label).toEqual([]);
        }
      }
    }
  });

  it("refuses B's ids inside request bodies (e.g. roleIds) to every role of A", async () => {
    // POST /v1/mutations answers foreign ids per mutation (recorded rejections, 200):
    // its isolation is proven in mutations/mutations.test.ts ("another tenant's ids").
    const bodyRoutes = routes.filter(
      (r) => r.secured && carriesIds(r.body) && r.path !== '/v1/mutations',
    );
    expect(bodyRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /v1/users', 'PATCH /v1/users/{id}']),
    );
    /** A's own row to address, so only the body is foreign. */
    const ownTarget = (path: string) =>
      path.startsWith('/v1/roles/')
        ? aCustomRole
        : path.startsWith('/v1/sessions/')
          ? sessionOf.Viewer
          : a.users.Viewer.id;
    // B's roles first: roleIds has a cap, and these are the ids it is about.
    const foreign = [bCustomRole, ...Object.values(b.roles), ...bIds];
    for (const route of bodyRoutes) {
      for (const role of defaultRoleNames) {
        for (const ids of [[bCustomRole], [a.roles.Viewer, b.roles.Admin], foreign]) {
          const label = `${role} ${route.method} ${route.path} with body ids ${ids.join(',')}`;
          const res = await call(app, route.method, withId(route.path, ownTarget(route.path)), {
            token: tokens[role],
            body: sample(route.body, [...new Set(ids)]),
          });
          expect([400, 403, 404], label).toContain(res.status);
          if (role === 'Admin') expect(res.status, label).toBe(400);
          expectErrorShape(res);
          expect(leaksOfB(res.body), label).toEqual([]);
        }
      }
    }
  });

  it('shows no role of A anything of B in any list', async () => {
    const lists = routes.filter((r) => r.method === 'GET' && !r.path.includes('{'));
    expect(lists.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        '/v1/users',
        '/v1/roles',
        '/v1/sessions',
        '/v1/admin/mail',
        '/v1/me',
      ]),
    );
    for (const route of lists) {
      for (const role of defaultRoleNames) {
        const res = await call(app, 'GET', route.path, { token: tokens[role] });
        const label = `${role} GET ${route.path}`;
        expect(res.status, label).toBeLessThan(500);
        expect(leaksOfB(res.body), label).toEqual([]);
      }
    }
    // The detector works: B's own admin does see B in the same lists.
    for (const path of ['/v1/users', '/v1/roles', '/v1/admin/mail']) {
      const own = await call(app, 'GET', path, { token: bAdminToken });
      expect(leaksOfB(own.body).length, path).toBeGreaterThan(0);
    }
    // The lists are not vacuously clean: A's admin sees A's own rows.
    const users = await call(app, 'GET', '/v1/users', { token: tokens.Admin });
    expect((users.body.data as { id: string }[]).map((u) => u.id).sort()).toEqual(
      Object.values(a.users)
        .map((u) => u.id)
        .sort(),
    );
    const roles = await call(app, 'GET', '/v1/roles', { token: tokens.Admin });
    expect((roles.body.data as { id: string }[]).map((r) => r.id)).toEqual(
      expect.arrayContaining([...Object.values(a.roles), aCustomRole]),
    );
    const mail = await call(app, 'GET', '/v1/admin/mail', { token: tokens.Admin });
    expect((mail.body.data as { to: string }[]).map((m) => m.to)).toEqual([a.users.Admin.email]);
    for (const role of defaultRoleNames) {
      const sessions = await call(app, 'GET', '/v1/sessions', { token: tokens[role] });
      expect((sessions.body.data as { id: string }[]).map((s) => s.id)).toEqual([sessionOf[role]]);
      const me = await call(app, 'GET', '/v1/me', { token: tokens[role] });
      expect(me.body.data).toMatchObject({ id: a.users[role].id, tenantId: a.id, roles: [role] });
    }
  });

  it("leaves B's users, roles, permissions and sessions exactly as they were", async () => {
    const after = await snapshot(db, b.id);
    expect(after).toEqual(before.b);
    // And in plain terms, in case the snapshot itself were empty.
    expect(after.users).toHaveLength(6);
    expect(after.users.every((u) => u.deactivated_at === null)).toBe(true);
    expect(after.users.map((u) => u.name)).toEqual(
      expect.arrayContaining(defaultRoleNames.map((role) => `${role} of iso-b`)),
    );
    expect(after.sessions).toHaveLength(2);
    expect(after.sessions.every((s) => s.revoked_at === null)).toBe(true);
    expect(after.roles).toHaveLength(6);
    expect(after.rolePermissions).toContainEqual({
      role_id: bCustomRole,
      permission: 'assets:read',
    });
    // A was only probed with refused requests, so it is unchanged too.
    expect(await snapshot(db, a.id)).toEqual(before.a);
  });

  it("applies each role's permissions to A's own users and roles", async () => {
    const viewer = a.users.Viewer.id;
    const adminRoutes: [string, string, unknown?][] = [
      ['GET', '/v1/users'],
      ['POST', '/v1/users', { email: 'new@iso-a.test', name: 'New', roleIds: [a.roles.Viewer] }],
      ['PATCH', `/v1/users/${viewer}`, { deactivated: true }],
      ['PATCH', `/v1/users/${viewer}`, { roleIds: [a.roles.Admin] }],
      ['GET', '/v1/roles'],
      ['POST', '/v1/roles', { name: 'Sneaky', permissions: ['users:manage'] }],
      ['PATCH', `/v1/roles/${aCustomRole}`, { permissions: ['users:manage'] }],
      ['DELETE', `/v1/roles/${aCustomRole}`],
      ['GET', '/v1/admin/mail'],
    ];
    for (const role of defaultRoleNames.filter((r) => r !== 'Admin')) {
      for (const [method, path, body] of adminRoutes) {
        const res = await call(app, method, path, { token: tokens[role], body });
        expect(res.status, `${role} ${method} ${path}`).toBe(403);
        expect((res.body.error as { code: string }).code).toBe('AUTHZ');
      }
      for (const path of ['/v1/me', '/v1/sessions', '/v1/permissions']) {
        expect(
          (await call(app, 'GET', path, { token: tokens[role] })).status,
          `${role} ${path}`,
        ).toBe(200);
      }
    }
    expect(await snapshot(db, a.id)).toEqual(before.a);

    const admin = tokens.Admin;
    expect((await call(app, 'GET', '/v1/users', { token: admin })).status).toBe(200);
    expect((await call(app, 'GET', '/v1/roles', { token: admin })).status).toBe(200);
    expect((await call(app, 'GET', '/v1/admin/mail', { token: admin })).status).toBe(200);
    const rename = await call(app, 'PATCH', `/v1/users/${viewer}`, {
      token: admin,
      body: { name: 'Viewer renamed' },
    });
    expect(rename.status).toBe(200);
    const created = await call(app, 'POST', '/v1/roles', {
      token: admin,
      body: { name: 'Iso-A Temp', permissions: ['assets:read'] },
    });
    expect(created.status).toBe(201);
    const tempRole = (created.body.data as { id: string }).id;
    expect(
      (await call(app, 'PATCH', `/v1/roles/${tempRole}`, { token: admin, body: { name: 'T2' } }))
        .status,
    ).toBe(200);
    expect((await call(app, 'DELETE', `/v1/roles/${tempRole}`, { token: admin })).status).toBe(200);
    const [renamed] = await db.query<{ name: string }>('select name from users where id = $1', [
      viewer,
    ]);
    expect(renamed?.name).toBe('Viewer renamed');
    // B is still untouched after A's legitimate administration.
    expect(await snapshot(db, b.id)).toEqual(before.b);
  });
});
