import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import {
  buildTestApp,
  call,
  createTestTenant,
  loginAs,
  TEST_PASSWORD,
  type TestTenant,
} from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';

type Pair = { accessToken: string; refreshToken: string; user: { id: string; tenantId: string } };
const dataOf = (body: Record<string, unknown>) => body.data as Pair;

describe.each(testDatabases)('auth on $name', (target) => {
  let db: Database;
  let t: ReturnType<typeof buildTestApp>;
  let acme: TestTenant;
  let globex: TestTenant;

  beforeAll(async () => {
    db = await target.open();
    t = buildTestApp(db);
    acme = await createTestTenant(db, 'acme');
    globex = await createTestTenant(db, 'globex');
  });
  afterAll(async () => {
    await db.close();
  });

  it('signs up an organization whose first user is its admin', async () => {
    const res = await call(t.app, 'POST', '/v1/auth/signup', {
      body: {
        organization: 'Initech Plant 2',
        name: 'Peter',
        email: 'Peter@Initech.test',
        password: 'long-enough-pw',
      },
    });
    expect(res.status).toBe(201);
    const pair = dataOf(res.body);
    const me = await call(t.app, 'GET', '/v1/me', { token: pair.accessToken });
    expect(me.body.data).toMatchObject({
      email: 'peter@initech.test',
      roles: ['Admin'],
      tenantId: pair.user.tenantId,
    });
    expect((me.body.data as { permissions: string[] }).permissions).toContain('users:manage');
    const again = await call(t.app, 'POST', '/v1/auth/signup', {
      body: {
        organization: 'Initech Plant 2',
        name: 'Peter',
        email: 'peter@initech.test',
        password: 'long-enough-pw',
      },
    });
    expect(again.status).toBe(201);
    expect(dataOf(again.body).user.tenantId).not.toBe(pair.user.tenantId);
  });

  it('refuses a weak password and a malformed email with VALIDATION details', async () => {
    const res = await call(t.app, 'POST', '/v1/auth/signup', {
      body: { organization: 'X Corp', name: 'X', email: 'not-an-email', password: 'short' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION' });
    const fields = JSON.stringify((res.body.error as { details: unknown }).details);
    expect(fields).toContain('email');
    expect(fields).toContain('password');
  });

  it('answers a wrong password and an unknown email identically (no enumeration)', async () => {
    const wrong = await call(t.app, 'POST', '/v1/auth/login', {
      body: { email: acme.users.Technician.email, password: 'wrong-password' },
    });
    const unknown = await call(t.app, 'POST', '/v1/auth/login', {
      body: { email: 'nobody@nowhere.test', password: 'wrong-password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect({ ...(wrong.body.error as object), requestId: '' }).toEqual({
      ...(unknown.body.error as object),
      requestId: '',
    });
  });

  it('asks for the tenant only when the same account exists in several tenants', async () => {
    const email = 'shared.contractor@example.test';
    for (const tenant of [acme, globex]) {
      await db.query(
        `insert into users (tenant_id, id, email, name, password_hash)
         select $1, gen_random_uuid(), $2, 'Contractor', password_hash from users where id = $3`,
        [tenant.id, email, tenant.users.Technician.id],
      );
    }
    const ambiguous = await call(t.app, 'POST', '/v1/auth/login', {
      body: { email, password: TEST_PASSWORD },
    });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error).toMatchObject({
      code: 'VALIDATION',
      details: { tenants: ['acme', 'globex'] },
    });
    const chosen = await call(t.app, 'POST', '/v1/auth/login', {
      body: { email, password: TEST_PASSWORD, tenant: 'globex' },
    });
    expect(chosen.status).toBe(200);
    expect(dataOf(chosen.body).user.tenantId).toBe(globex.id);
  });

  it('rotates refresh tokens and revokes the whole family when an old one is reused', async () => {
    const first = await loginAs(t.app, acme.users.Supervisor.email);
    const second = dataOf(
      (
        await call(t.app, 'POST', '/v1/auth/refresh', {
          body: { refreshToken: first.refreshToken },
        })
      ).body,
    );
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = dataOf(
      (
        await call(t.app, 'POST', '/v1/auth/refresh', {
          body: { refreshToken: second.refreshToken },
        })
      ).body,
    );

    const reuse = await call(t.app, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: first.refreshToken },
    });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error).toMatchObject({ code: 'AUTHN', details: { reason: 'reused' } });
    // The family is gone: the newest token and the access token die with it.
    const latest = await call(t.app, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: third.refreshToken },
    });
    expect(latest.status).toBe(401);
    expect((await call(t.app, 'GET', '/v1/me', { token: third.accessToken })).status).toBe(401);
  });

  it('logs out: the session, its access token and its refresh token stop working', async () => {
    const pair = await loginAs(t.app, acme.users.Viewer.email);
    expect((await call(t.app, 'POST', '/v1/auth/logout', { token: pair.accessToken })).status).toBe(
      200,
    );
    expect((await call(t.app, 'GET', '/v1/me', { token: pair.accessToken })).status).toBe(401);
    const refresh = await call(t.app, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: pair.refreshToken },
    });
    expect(refresh.body.error).toMatchObject({ code: 'AUTHN', details: { reason: 'revoked' } });
  });

  it("lists a user's devices and revokes one, but never another user's session", async () => {
    const phone = await loginAs(t.app, acme.users.Requester.email);
    const tablet = await loginAs(t.app, acme.users.Requester.email);
    const list = await call(t.app, 'GET', '/v1/sessions', { token: phone.accessToken });
    const sessions = list.body.data as { id: string; current: boolean }[];
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const other = sessions.find((s) => !s.current);
    expect(other).toBeDefined();
    const stranger = await loginAs(t.app, acme.users.Viewer.email);
    const foreign = await call(t.app, 'DELETE', `/v1/sessions/${other?.id}`, {
      token: stranger.accessToken,
    });
    expect(foreign.status).toBe(404);
    expect(
      (await call(t.app, 'DELETE', `/v1/sessions/${other?.id}`, { token: phone.accessToken }))
        .status,
    ).toBe(200);
    expect((await call(t.app, 'GET', '/v1/me', { token: tablet.accessToken })).status).toBe(401);
    expect((await call(t.app, 'GET', '/v1/me', { token: phone.accessToken })).status).toBe(200);
  });

  describe('tampered tokens are AUTHN', () => {
    let pair: Pair;
    beforeAll(async () => {
      pair = await loginAs(t.app, acme.users.Technician.email);
    });
    const expectRefused = async (token: string) => {
      const res = await call(t.app, 'GET', '/v1/me', { token });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'AUTHN' });
    };

    it('alg none', async () => {
      const [, payload] = pair.accessToken.split('.');
      const none = new UnsecuredJWT(
        JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>,
      ).encode();
      await expectRefused(none);
    });

    it('signed with another key', async () => {
      const forged = await new SignJWT({ tid: acme.id, sid: 'x' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(acme.users.Admin.id)
        .setIssuer('plantkeep')
        .setAudience('plantkeep-api')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode('a-different-secret-a-different-secret'));
      await expectRefused(forged);
    });

    it('a modified payload (another tenant) with the original signature', async () => {
      const [header, payload, signature] = pair.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<
        string,
        unknown
      >;
      const swapped = Buffer.from(JSON.stringify({ ...claims, tid: globex.id })).toString(
        'base64url',
      );
      await expectRefused(`${header}.${swapped}.${signature}`);
    });

    it.each(['tid', 'sub', 'sid'])(
      'AC-1: validly signed with a %s that is not a UUID (AUTHN, not 500)',
      async (claim) => {
        const [, payload] = pair.accessToken.split('.');
        const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<
          string,
          unknown
        >;
        const { sub, ...rest } = { ...claims, [claim]: "x' or 1=1" };
        const forged = await new SignJWT(rest)
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(String(sub))
          .sign(new TextEncoder().encode('test-secret-test-secret-test-secret-0123'));
        await expectRefused(forged);
      },
    );

    it('expired', async () => {
      const { app } = buildTestApp(db, {
        now: () => Date.now() + 16 * 60_000,
        advance: () => undefined,
      });
      const res = await call(app, 'GET', '/v1/me', { token: pair.accessToken });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ details: { reason: 'expired' } });
    });

    it('garbage and missing', async () => {
      await expectRefused('not.a.jwt');
      const res = await call(t.app, 'GET', '/v1/me');
      expect(res.status).toBe(401);
    });

    it('a deactivated user, at once', async () => {
      const victim = await loginAs(t.app, globex.users.Technician.email);
      const admin = await loginAs(t.app, globex.users.Admin.email);
      const off = await call(t.app, 'PATCH', `/v1/users/${globex.users.Technician.id}`, {
        token: admin.accessToken,
        body: { deactivated: true },
      });
      expect(off.status).toBe(200);
      await expectRefused(victim.accessToken);
      const login = await call(t.app, 'POST', '/v1/auth/login', {
        body: { email: globex.users.Technician.email, password: TEST_PASSWORD },
      });
      expect(login.status).toBe(401);
    });
  });

  it('limits login to 5 failed attempts per 15 minutes per account and address', async () => {
    const ip = '192.0.2.77';
    // Successful logins are not counted: a shared tablet's crew signs in often.
    for (let i = 0; i < 6; i++) {
      const ok = await call(t.app, 'POST', '/v1/auth/login', {
        ip,
        body: { email: acme.users.Admin.email, password: TEST_PASSWORD },
      });
      expect(ok.status).toBe(200);
    }
    const attempt = () =>
      call(t.app, 'POST', '/v1/auth/login', {
        ip,
        body: { email: acme.users.Admin.email, password: 'nope-nope' },
      });
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMIT' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The right password is refused too while limited; another address is unaffected.
    const correct = await call(t.app, 'POST', '/v1/auth/login', {
      ip,
      body: { email: acme.users.Admin.email, password: TEST_PASSWORD },
    });
    expect(correct.status).toBe(429);
    expect((await loginAs(t.app, acme.users.Admin.email)).accessToken).toBeTruthy();
  });

  it('AC-2: counts failed logins per account whatever the request adds (tenant, device name)', async () => {
    const ip = '192.0.2.78';
    const attempt = (extra: Record<string, string>) =>
      call(t.app, 'POST', '/v1/auth/login', {
        ip,
        body: { email: acme.users.Supervisor.email, password: 'nope-nope', ...extra },
      });
    const variants: Record<string, string>[] = [
      {},
      { tenant: 'acme' },
      { tenant: 'globex' },
      { deviceName: 'x' },
      {},
    ];
    for (const extra of variants) expect((await attempt(extra)).status).toBe(401);
    expect((await attempt({ tenant: 'acme' })).status).toBe(429);
    expect((await attempt({ tenant: 'some-other-slug' })).status).toBe(429);
    const upper = await call(t.app, 'POST', '/v1/auth/login', {
      ip,
      body: { email: ` ${acme.users.Supervisor.email.toUpperCase()} `, password: 'nope-nope' },
    });
    expect(upper.status).toBe(429);
  });
});
