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
});
