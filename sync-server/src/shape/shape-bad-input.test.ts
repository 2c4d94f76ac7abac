import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokens } from '../auth/access-token';
import type { Database } from '../db';
import {
  buildTestApp,
  createTestTenant,
  loginAs,
  testClock,
  type TestTenant,
} from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import { bearer } from '../testing/shape-client';
import {
  assetValues,
  commentValues,
  insertRows,
  stepValues,
  workOrderValues,
  type Values,
} from '../testing/shape-data';

interface Res {
  status: number;
  text: string;
  body: unknown;
  headers: Headers;
}

interface Message {
  key?: string;
  value?: Record<string, unknown>;
  headers: Record<string, unknown>;
}

const expectedStatus = {
  VALIDATION: 400,
  AUTHN: 401,
  AUTHZ: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
} as const;

describe.each(testDatabases)('GET /v1/shape refuses bad input, never leaks ($name)', (target) => {
  let db: Database;
  const clock = testClock();
  let app: ReturnType<typeof buildTestApp>['app'];
  let a: TestTenant;
  let b: TestTenant;
  /** Every id of tenant B: none may appear in a response to tenant A. */
  const bIds: string[] = [];
  let techA: string;
  let requesterA: string;
  let techB: string;
  const requesterClient = randomUUID();
  const techClient = randomUUID();
  let own: Values;
  let othersWo: Values;
  let unassigned: Values;
  let publicComment: Values;
  let internalComment: Values;

  beforeAll(async () => {
    db = await target.open();
    a = await createTestTenant(db, `a${randomUUID().slice(0, 8)}`);
    b = await createTestTenant(db, `b${randomUUID().slice(0, 8)}`);
    ({ app } = buildTestApp(db, clock, { liveTimeoutMs: 200 }));
    techA = (await loginAs(app, a.users.Technician.email)).accessToken;
    requesterA = (await loginAs(app, a.users.Requester.email)).accessToken;
    techB = (await loginAs(app, b.users.Technician.email)).accessToken;

    own = workOrderValues(a.id, { requester_id: a.users.Requester.id });
    othersWo = workOrderValues(a.id, { requester_id: a.users.Admin.id });
    unassigned = workOrderValues(a.id);
    publicComment = commentValues(a.id, own.id as string, a.users.Technician.id);
    internalComment = commentValues(a.id, own.id as string, a.users.Technician.id, {
      internal: true,
    });
    await insertRows(db, a.id, [
      ['assets', assetValues(a.id)],
      ['work_orders', own],
      ['work_orders', othersWo],
      ['work_orders', unassigned],
      ['work_order_steps', stepValues(a.id, own.id as string)],
      ['work_order_steps', stepValues(a.id, othersWo.id as string)],
      ['work_order_comments', publicComment],
      ['work_order_comments', internalComment],
      ['work_order_comments', commentValues(a.id, othersWo.id as string, a.users.Technician.id)],
      [
        'sync_clients',
        { tenant_id: a.id, client_id: requesterClient, user_id: a.users.Requester.id },
      ],
      ['sync_clients', { tenant_id: a.id, client_id: techClient, user_id: a.users.Technician.id }],
      [
        'mutation_rejections',
        {
          tenant_id: a.id,
          id: randomUUID(),
          client_id: techClient,
          user_id: a.users.Technician.id,
          seq: 3,
          name: 'workOrder.update',
          code: 'CONFLICT',
          message: 'changed meanwhile',
        },
      ],
    ]);
    const bAsset = assetValues(b.id);
    const bWo = workOrderValues(b.id);
    const bClient = randomUUID();
    await insertRows(db, b.id, [
      ['assets', bAsset],
      ['work_orders', bWo],
      ['sync_clients', { tenant_id: b.id, client_id: bClient, user_id: b.users.Technician.id }],
    ]);
    bIds.push(
      b.id,
      bAsset.id as string,
      bWo.id as string,
      bClient,
      ...Object.values(b.users).map((u) => u.id),
    );
  });
  afterAll(async () => {
    await db.close();
  });

  async function get(
    query: string,
    token?: string,
    headers: Record<string, string> = {},
  ): Promise<Res> {
    const res = await app.request(`/v1/shape?${query}`, {
      headers: {
        ...(token ? bearer(token) : {}),
        'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.1`,
        ...headers,
      },
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    // Never a 500, never tenant B's data in an answer to anyone else.
    expect(res.status, text).toBeLessThan(500);
    if (token !== techB) for (const id of bIds) expect(text).not.toContain(id);
    return { status: res.status, text, body, headers: res.headers };
  }

  function expectError(res: Res, code: keyof typeof expectedStatus) {
    expect(res.status, res.text).toBe(expectedStatus[code]);
    const error = (res.body as { error?: { code?: string; message?: string; requestId?: string } })
      .error;
    expect(error?.code).toBe(code);
    expect(error?.message).toEqual(expect.any(String));
    expect(error?.requestId).toEqual(expect.any(String));
    expect(res.text).not.toMatch(/\n\s+at /); // no stack trace
  }

  const messages = (res: Res) => (Array.isArray(res.body) ? (res.body as Message[]) : []);
  const rows = (res: Res) => messages(res).filter((m) => m.value !== undefined);

  async function handleFor(token: string, table: string, extra = '') {
    const res = await get(`table=${table}&offset=-1${extra}`, token);
    expect(res.status, res.text).toBe(200);
    return {
      handle: res.headers.get('electric-handle') ?? '',
      offset: res.headers.get('electric-offset') ?? '',
      res,
    };
  }

  it('SH-1: unknown, internal and misspelled tables are VALIDATION errors', async () => {
    for (const table of [
      'nope',
      'shape_log',
      'shape_handles',
      'sessions',
      'refresh_tokens',
      'Users',
      'assets;drop table assets',
      '',
    ]) {
      expectError(await get(`table=${encodeURIComponent(table)}&offset=-1`, techA), 'VALIDATION');
    }
    expectError(await get('offset=-1', techA), 'VALIDATION');
  });

  it('SH-3: malformed offsets are VALIDATION errors; an offset ahead of the log is refused', async () => {
    const { handle } = await handleFor(techA, 'assets');
    for (const offset of [
      'abc',
      '1_',
      '_1',
      '-2',
      '0_inf',
      '1_-1',
      '5_abc',
      '',
      ' 1_0',
      '1_0 ',
      '1.5_0',
      '0x1_0',
      '99999999999999999999_0',
      '1_9999999999',
    ]) {
      expectError(
        await get(`table=assets&handle=${handle}&offset=${encodeURIComponent(offset)}`, techA),
        'VALIDATION',
      );
    }
    expectError(
      await get(`table=assets&handle=${handle}&offset=9223372036854775807_0`, techA),
      'VALIDATION',
    );
    expectError(
      await get(`table=assets&handle=${handle}&offset=9223372036854775807_inf&live=true`, techA),
      'VALIDATION',
    );
    expectError(await get(`table=assets&replica=partial&offset=-1`, techA), 'VALIDATION');
    // A snapshot chunk that was never served is not an error of the input's form: refetch.
    const unknownChunk = await get(`table=assets&handle=${handle}&offset=0_999999999`, techA);
    expect(unknownChunk.status).toBe(409);
  });

  it('SH-3, SH-2: an offset needs its handle; a handle with offset -1 never brings back another view', async () => {
    const { handle, offset } = await handleFor(techA, 'assets');
    expectError(await get(`table=assets&offset=${offset}`, techA), 'VALIDATION');
    expectError(await get('table=assets&offset=0_0', techA), 'VALIDATION');
    // A used handle offered again with -1 starts a new snapshot under a new handle.
    const again = await get(`table=assets&offset=-1&handle=${handle}`, techA);
    expect(again.status).toBe(200);
    expect(again.headers.get('electric-handle')).not.toBe(handle);
    // The handle of another table is not accepted for this one.
    const { handle: ordersHandle, offset: ordersOffset } = await handleFor(techA, 'work_orders');
    const mixed = await get(`table=assets&offset=${ordersOffset}&handle=${ordersHandle}`, techA);
    expect(mixed.status).toBe(409);
    expect(mixed.headers.get('electric-handle')).not.toBe(ordersHandle);
  });

  it('SH-2: forged and malformed handles: 409 with a fresh handle, or VALIDATION', async () => {
    const { offset } = await handleFor(techA, 'assets');
    for (const forged of ['abc', `${Date.now().toString(36)}-${'0'.repeat(32)}`, 'x'.repeat(100)]) {
      const res = await get(`table=assets&offset=${offset}&handle=${forged}`, techA);
      expect(res.status, res.text).toBe(409);
      expect(res.body).toEqual([{ headers: { control: 'must-refetch' } }]);
      const fresh = res.headers.get('electric-handle');
      expect(fresh).toBeTruthy();
      expect(fresh).not.toBe(forged);
    }
    for (const malformed of [
      '../x',
      'a b',
      'x'.repeat(101),
      '%00',
      "'; drop table shape_handles; --",
    ]) {
      expectError(
        await get(`table=assets&offset=${offset}&handle=${encodeURIComponent(malformed)}`, techA),
        'VALIDATION',
      );
    }
  });

  it("SH-2: another tenant's handle gets 409, never its rows", async () => {
    const { handle: bHandle, offset: bOffset, res: bSnapshot } = await handleFor(techB, 'assets');
    expect(bSnapshot.text).toContain(b.id);
    const stolen = await get(`table=assets&offset=${bOffset}&handle=${bHandle}`, techA);
    expect(stolen.status).toBe(409);
    expect(stolen.headers.get('electric-handle')).not.toBe(bHandle);
    const live = await get(`table=assets&offset=${bOffset}&handle=${bHandle}&live=true`, techA);
    expect(live.status).toBe(409);
    const restart = await get(`table=assets&offset=-1&handle=${bHandle}`, techA);
    expect(restart.status).toBe(200);
    expect(restart.headers.get('electric-handle')).not.toBe(bHandle);
    for (const row of rows(restart)) expect(row.value?.tenant_id).toBe(a.id);
    const now = await get(`table=assets&offset=now&handle=${bHandle}`, techA);
    expect(now.status).toBe(200);
    expect(now.headers.get('electric-handle')).not.toBe(bHandle);
    // B's handle still works for B.
    const stillB = await get(`table=assets&offset=${bOffset}&handle=${bHandle}`, techB);
    expect(stillB.status).toBe(200);
  });

  it('SH-1: where, columns and params are refused, never obeyed', async () => {
    for (const param of [
      'where=1%3D1',
      `where=${encodeURIComponent(`tenant_id='${b.id}'`)}`,
      'columns=id',
      'columns=password_hash',
      'params[1]=x',
      `params%5B1%5D=${b.id}`,
      'params.1=x',
      'params=%7B%7D',
    ]) {
      expectError(await get(`table=assets&offset=-1&${param}`, techA), 'VALIDATION');
    }
    // Unknown parameters are ignored (Electric's clients add their own).
    const extra = await get(
      'table=assets&offset=-1&log=full&cache-buster=x&expired_handle=y&subscribe=1',
      techA,
    );
    expect(extra.status).toBe(200);
  });

  it('SH-1: missing, garbage, expired, tampered and foreign tokens are AUTHN', async () => {
    expectError(await get('table=assets&offset=-1'), 'AUTHN');
    expectError(
      await get('table=assets&offset=-1', undefined, { authorization: 'Basic dXNlcjpwYXNz' }),
      'AUTHN',
    );
    expectError(await get('table=assets&offset=-1', 'garbage'), 'AUTHN');
    expectError(await get('table=assets&offset=-1', 'a.b.c'), 'AUTHN');
    const [header = '', payload = '', signature = ''] = techA.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const tampered = Buffer.from(JSON.stringify({ ...claims, tid: b.id })).toString('base64url');
    expectError(await get('table=assets&offset=-1', `${header}.${tampered}.${signature}`), 'AUTHN');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expectError(await get('table=assets&offset=-1', unsigned), 'AUTHN');
    // Signed with another key, claims of a real session.
    const other = new AccessTokens(
      new TextEncoder().encode('another-secret-another-secret-another-1'),
      clock.now,
    );
    const session = { userId: String(claims.sub), tenantId: a.id, sessionId: String(claims.sid) };
    expectError(await get('table=assets&offset=-1', await other.sign(session)), 'AUTHN');
    // Signed with the right key but claiming another tenant for A's user and session.
    const right = new AccessTokens(
      new TextEncoder().encode('test-secret-test-secret-test-secret-0123'),
      clock.now,
    );
    expectError(
      await get('table=assets&offset=-1', await right.sign({ ...session, tenantId: b.id })),
      'AUTHN',
    );
    // Expired: the same token 16 minutes later.
    const shortLived = (await loginAs(app, a.users.Viewer.email)).accessToken;
    expect((await get('table=assets&offset=-1', shortLived)).status).toBe(200);
    clock.advance(16 * 60_000);
    try {
      expectError(await get('table=assets&offset=-1', shortLived), 'AUTHN');
    } finally {
      clock.advance(-16 * 60_000);
    }
  });

  it('SH-1: requesters may not sync staff tables (AUTHZ) and see only their own requests, without internal comments', async () => {
    for (const table of ['ydoc_updates', 'time_logs', 'parts_used']) {
      expectError(await get(`table=${table}&offset=-1`, requesterA), 'AUTHZ');
    }
    const orders = await handleFor(requesterA, 'work_orders');
    expect(rows(orders.res).map((m) => m.value?.id)).toEqual([own.id]);
    const comments = await handleFor(requesterA, 'work_order_comments');
    expect(rows(comments.res).map((m) => m.value?.id)).toEqual([publicComment.id]);
    expect(comments.res.text).not.toContain(internalComment.id as string);
    const steps = await handleFor(requesterA, 'work_order_steps');
    expect(rows(steps.res).map((m) => m.value?.work_order_id)).toEqual([own.id]);
    for (const id of [othersWo.id, unassigned.id, internalComment.id] as string[]) {
      expect(orders.res.text + comments.res.text + steps.res.text).not.toContain(id);
    }
    // Staff see everything of their tenant.
    const staff = await handleFor(techA, 'work_order_comments');
    expect(rows(staff.res)).toHaveLength(3);
  });

  it("SH-1: own_client shapes need a well-formed client_id and only ever hold the caller's rows", async () => {
    for (const table of ['sync_clients', 'mutation_rejections']) {
      expectError(await get(`table=${table}&offset=-1`, techA), 'VALIDATION');
      for (const bad of [
        'x',
        '123',
        `${techClient}x`,
        `{${techClient}}`,
        `${techClient.slice(0, -1)}g`,
        "' or 1=1 --",
      ]) {
        expectError(
          await get(`table=${table}&offset=-1&client_id=${encodeURIComponent(bad)}`, techA),
          'VALIDATION',
        );
      }
    }
    // Another user's client id (same tenant, or another tenant): no rows.
    const stolen = await handleFor(techA, 'sync_clients', `&client_id=${requesterClient}`);
    expect(rows(stolen.res)).toEqual([]);
    const ownRows = await handleFor(
      techA,
      'sync_clients',
      `&client_id=${techClient.toUpperCase()}`,
    );
    expect(rows(ownRows.res).map((m) => m.value?.client_id)).toEqual([techClient]);
    const rejections = await handleFor(techA, 'mutation_rejections', `&client_id=${techClient}`);
    expect(rows(rejections.res)).toHaveLength(1);
    const notMine = await handleFor(requesterA, 'mutation_rejections', `&client_id=${techClient}`);
    expect(rows(notMine.res)).toEqual([]);
    // A handle of one client id is not valid for another.
    const swapped = await get(
      `table=sync_clients&offset=${ownRows.offset}&handle=${ownRows.handle}&client_id=${requesterClient}`,
      techA,
    );
    expect(swapped.status).toBe(409);
  });
});
