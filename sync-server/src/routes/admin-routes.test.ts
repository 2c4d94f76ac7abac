import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import {
  buildTestApp,
  call,
  createTestTenant,
  loginAs,
  type TestTenant,
} from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';

describe.each(testDatabases)('user and role administration on $name', (target) => {
  let db: Database;
  let t: ReturnType<typeof buildTestApp>;
  let acme: TestTenant;
  let admin: string;

  beforeAll(async () => {
    db = await target.open();
    t = buildTestApp(db);
    acme = await createTestTenant(db, 'acme');
    admin = (await loginAs(t.app, acme.users.Admin.email)).accessToken;
  });
  afterAll(async () => {
    await db.close();
  });

  it('creates, edits and deletes a custom role, and its permissions take effect at once', async () => {
    const created = await call(t.app, 'POST', '/v1/roles', {
      token: admin,
      body: {
        name: 'Storekeeper',
        permissions: ['inventory:read', 'inventory:adjust', 'users:manage'],
      },
    });
    expect(created.status).toBe(201);
    const roleId = (created.body.data as { id: string }).id;
    const assign = await call(t.app, 'PATCH', `/v1/users/${acme.users.Viewer.id}`, {
      token: admin,
      body: { roleIds: [roleId] },
    });
    expect(assign.status).toBe(200);
    const viewer = await loginAs(t.app, acme.users.Viewer.email);
    expect((await call(t.app, 'GET', '/v1/users', { token: viewer.accessToken })).status).toBe(200);
    await call(t.app, 'PATCH', `/v1/roles/${roleId}`, {
      token: admin,
      body: { permissions: ['inventory:read'] },
    });
    expect((await call(t.app, 'GET', '/v1/users', { token: viewer.accessToken })).status).toBe(403);
    const inUse = await call(t.app, 'DELETE', `/v1/roles/${roleId}`, { token: admin });
    expect(inUse.status).toBe(409);
    await call(t.app, 'PATCH', `/v1/users/${acme.users.Viewer.id}`, {
      token: admin,
      body: { roleIds: [acme.roles.Viewer] },
    });
    expect((await call(t.app, 'DELETE', `/v1/roles/${roleId}`, { token: admin })).status).toBe(200);
  });

  it('keeps default roles fixed and role names unique', async () => {
    const edit = await call(t.app, 'PATCH', `/v1/roles/${acme.roles.Technician}`, {
      token: admin,
      body: { permissions: ['users:manage'] },
    });
    expect(edit.status).toBe(409);
    const dup = await call(t.app, 'POST', '/v1/roles', {
      token: admin,
      body: { name: 'Admin', permissions: [] },
    });
    expect(dup.status).toBe(409);
    const bad = await call(t.app, 'POST', '/v1/roles', {
      token: admin,
      body: { name: 'X', permissions: ['root:all'] },
    });
    expect(bad.status).toBe(400);
  });

  it('never leaves the tenant without an admin', async () => {
    const res = await call(t.app, 'PATCH', `/v1/users/${acme.users.Admin.id}`, {
      token: admin,
      body: { roleIds: [acme.roles.Viewer] },
    });
    expect(res.status).toBe(409);
    const me = await call(t.app, 'GET', '/v1/me', { token: admin });
    expect(me.body.data).toMatchObject({ roles: ['Admin'] });
  });

  it('refuses administration to anyone without the permission', async () => {
    const tech = (await loginAs(t.app, acme.users.Technician.email)).accessToken;
    expect((await call(t.app, 'GET', '/v1/users', { token: tech })).status).toBe(403);
    expect(
      (
        await call(t.app, 'POST', '/v1/roles', {
          token: tech,
          body: { name: 'Y', permissions: [] },
        })
      ).status,
    ).toBe(403);
    const rename = await call(t.app, 'PATCH', `/v1/users/${acme.users.Admin.id}`, {
      token: tech,
      body: { name: 'pwned' },
    });
    expect(rename.status).toBe(403);
  });

  it('records administration in the audit log', async () => {
    const rows = await db.query<{ action: string }>(
      `select action from audit_log where tenant_id = $1 and action like 'role.%' order by occurred_at`,
      [acme.id],
    );
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['role.create', 'role.update', 'role.delete']),
    );
  });

  describe('delegation (AC-5..AC-8)', () => {
    let initech: TestTenant;
    let boss: string;
    const patchUser = (token: string, id: string, body: unknown) =>
      call(t.app, 'PATCH', `/v1/users/${id}`, { token, body });
    const newRole = async (name: string, permissions: string[]) => {
      const res = await call(t.app, 'POST', '/v1/roles', {
        token: boss,
        body: { name, permissions },
      });
      expect(res.status).toBe(201);
      return (res.body.data as { id: string }).id;
    };
    const expectAuthz = (res: { status: number; body: Record<string, unknown> }, rule: string) => {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'AUTHZ', details: { rule } });
    };

    beforeAll(async () => {
      initech = await createTestTenant(db, 'initech');
      boss = (await loginAs(t.app, initech.users.Admin.email)).accessToken;
    });

    it('AC-6, AC-7: users:manage alone cannot make oneself Admin nor deactivate the Admin', async () => {
      const userManager = await newRole('User manager', ['users:manage']);
      const { id: me } = initech.users.Requester;
      expect((await patchUser(boss, me, { roleIds: [userManager] })).status).toBe(200);
      const token = (await loginAs(t.app, initech.users.Requester.email)).accessToken;

      expectAuthz(await patchUser(token, me, { roleIds: [initech.roles.Admin] }), 'AC-7');
      expectAuthz(await patchUser(token, me, { roleIds: [userManager] }), 'AC-7');
      const deactivate = await patchUser(token, initech.users.Admin.id, { deactivated: true });
      expectAuthz(deactivate, 'AC-6');
      const { details } = deactivate.body.error as { details: { missing: string[] } };
      expect(details.missing).toContain('roles:manage');
      expectAuthz(
        await patchUser(token, initech.users.Admin.id, { roleIds: [userManager] }),
        'AC-6',
      );
      expectAuthz(await patchUser(token, initech.users.Viewer.id, { name: 'x' }), 'AC-6');
      const invite = await call(t.app, 'POST', '/v1/users', {
        token,
        body: { email: 'mole@initech.test', name: 'Mole', roleIds: [initech.roles.Admin] },
      });
      expectAuthz(invite, 'AC-6');

      // Within their own permissions they still administer.
      const helper = await call(t.app, 'POST', '/v1/users', {
        token,
        body: { email: 'helper@initech.test', name: 'Helper', roleIds: [userManager] },
      });
      expect(helper.status).toBe(201);
      const helperId = (helper.body.data as { id: string }).id;
      expect((await patchUser(token, helperId, { deactivated: true })).status).toBe(200);

      const me2 = await call(t.app, 'GET', '/v1/me', { token: boss });
      expect(me2.status).toBe(200);
      expect(me2.body.data).toMatchObject({ roles: ['Admin'] });
    });

    it('AC-5: roles:manage alone cannot mint or edit a role beyond its holder', async () => {
      const roleManager = await newRole('Role manager', ['roles:manage', 'assets:read']);
      const target = await newRole('Reader', ['assets:read']);
      const wide = await newRole('Wide', ['users:manage', 'assets:read']);
      expect(
        (await patchUser(boss, initech.users.Viewer.id, { roleIds: [roleManager] })).status,
      ).toBe(200);
      const token = (await loginAs(t.app, initech.users.Viewer.email)).accessToken;
      const create = (permissions: string[]) =>
        call(t.app, 'POST', '/v1/roles', {
          token,
          body: { name: `R${permissions.length}`, permissions },
        });
      expectAuthz(await create(['users:manage']), 'AC-5');
      expect((await create(['assets:read'])).status).toBe(201);
      const edit = (id: string, body: unknown) =>
        call(t.app, 'PATCH', `/v1/roles/${id}`, { token, body });
      expectAuthz(await edit(target, { permissions: ['assets:read', 'settings:manage'] }), 'AC-5');
      expectAuthz(await edit(wide, { permissions: ['assets:read'] }), 'AC-5');
      expectAuthz(await call(t.app, 'DELETE', `/v1/roles/${wide}`, { token }), 'AC-5');
      expect((await edit(target, { permissions: [] })).status).toBe(200);
    });

    it('AC-8: the last active Admin can be neither demoted nor deactivated, a second one can', async () => {
      const { Admin, Supervisor } = initech.users;
      for (const body of [{ deactivated: true }, { roleIds: [initech.roles.Supervisor] }]) {
        const res = await patchUser(boss, Admin.id, body);
        expect(res.status).toBe(409);
        expect(res.body.error).toMatchObject({ code: 'CONFLICT', details: { rule: 'AC-8' } });
      }
      expect(
        (await patchUser(boss, Supervisor.id, { roleIds: [initech.roles.Admin] })).status,
      ).toBe(200);
      const second = (await loginAs(t.app, Supervisor.email)).accessToken;
      expect((await patchUser(second, Admin.id, { deactivated: true })).status).toBe(200);
      expect((await patchUser(second, Supervisor.id, { deactivated: true })).status).toBe(409);
    });
  });
});
