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

/** The token from the newest mail to `to` (the reset runs after the response, so poll briefly). */
async function tokenMailedTo(t: ReturnType<typeof buildTestApp>, to: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const mail = [...t.mailer.sent].reverse().find((m) => m.to === to);
    const token = mail?.text.match(/token=([^\s]+)/)?.[1];
    if (token) return decodeURIComponent(token);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no mail to ${to}`);
}

describe.each(testDatabases)('account mail flows on $name', (target) => {
  let db: Database;
  let t: ReturnType<typeof buildTestApp>;
  let acme: TestTenant;

  beforeAll(async () => {
    db = await target.open();
    t = buildTestApp(db);
    acme = await createTestTenant(db, 'acme');
  });
  afterAll(async () => {
    await db.close();
  });

  it('resets a password by mail, signs out every device, and the link works once', async () => {
    const email = acme.users.Technician.email;
    const before = await loginAs(t.app, email);
    const requested = await call(t.app, 'POST', '/v1/auth/password-reset', { body: { email } });
    expect(requested.status).toBe(202);
    const token = await tokenMailedTo(t, email);
    const reset = await call(t.app, 'POST', '/v1/auth/password-reset/confirm', {
      body: { token, password: 'a-brand-new-password' },
    });
    expect(reset.status).toBe(200);
    expect((await call(t.app, 'GET', '/v1/me', { token: before.accessToken })).status).toBe(401);
    expect((await loginAs(t.app, email, 'a-brand-new-password')).accessToken).toBeTruthy();
    const again = await call(t.app, 'POST', '/v1/auth/password-reset/confirm', {
      body: { token, password: 'yet-another-password' },
    });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 'VALIDATION' });
  });

  it('answers a reset for an unknown email exactly like a known one', async () => {
    const known = await call(t.app, 'POST', '/v1/auth/password-reset', {
      body: { email: acme.users.Viewer.email },
    });
    const unknown = await call(t.app, 'POST', '/v1/auth/password-reset', {
      body: { email: 'ghost@acme.test' },
    });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
  });

  it('verifies an email address', async () => {
    const pair = await loginAs(t.app, acme.users.Supervisor.email);
    expect(
      (await call(t.app, 'POST', '/v1/auth/verify-email', { token: pair.accessToken })).status,
    ).toBe(202);
    const token = await tokenMailedTo(t, acme.users.Supervisor.email);
    expect(
      (await call(t.app, 'POST', '/v1/auth/verify-email/confirm', { body: { token } })).status,
    ).toBe(200);
    const me = await call(t.app, 'GET', '/v1/me', { token: pair.accessToken });
    expect(me.body.data).toMatchObject({ emailVerified: true });
  });

  it('invites a user who chooses a password and signs in with the invited role', async () => {
    const admin = await loginAs(t.app, acme.users.Admin.email);
    const invited = await call(t.app, 'POST', '/v1/users', {
      token: admin.accessToken,
      body: { email: 'New.Hire@acme.test', name: 'New Hire', roleIds: [acme.roles.Technician] },
    });
    expect(invited.status).toBe(201);
    const token = await tokenMailedTo(t, 'new.hire@acme.test');
    const accept = await call(t.app, 'POST', '/v1/auth/invitation/accept', {
      body: { token, password: 'my-first-password' },
    });
    expect(accept.status).toBe(200);
    const pair = await loginAs(t.app, 'new.hire@acme.test', 'my-first-password');
    expect(pair.user).toMatchObject({ roles: ['Technician'] });
  });

  it('shows development mail to admins of the same tenant only', async () => {
    const admin = await loginAs(t.app, acme.users.Admin.email);
    const outbox = await call(t.app, 'GET', '/v1/admin/mail', { token: admin.accessToken });
    expect(outbox.status).toBe(200);
    const mails = outbox.body.data as { to: string }[];
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.every((m) => m.to.endsWith('@acme.test'))).toBe(true);
    const tech = await loginAs(t.app, acme.users.Requester.email);
    expect((await call(t.app, 'GET', '/v1/admin/mail', { token: tech.accessToken })).status).toBe(
      403,
    );
  });

  it('refuses forged and cross-kind tokens', async () => {
    for (const token of ['nonsense', `${acme.id}.${'x'.repeat(43)}`]) {
      const res = await call(t.app, 'POST', '/v1/auth/invitation/accept', {
        body: { token, password: 'whatever-long' },
      });
      expect(res.status).toBe(400);
    }
  });
});
