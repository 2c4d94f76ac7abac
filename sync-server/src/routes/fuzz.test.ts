import { errorStatus } from '@plantkeep/shared';
import fc from 'fast-check';
import { UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import type { Database } from '../db';
import {
  buildTestApp,
  call,
  createTestTenant,
  freshIp,
  loginAs,
  TEST_PASSWORD,
  type TestTenant,
} from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import { apiRoutes, type ApiRoute, type JsonSchema } from '../testing/openapi-routes';

/**
 * Property: whatever arrives at any route of the OpenAPI document (any body, content type, path
 * parameter and credential) the server answers below 500, and every error is
 * `{ error: { code, message, requestId, details? } }` with the status its code stands for.
 *
 * Replay a failure with the seed in the test name: `FUZZ_SEED=<seed> npx vitest run <this file>`.
 * FUZZ_RUNS raises the number of requests per database tier.
 */

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${raw}`);
  return value;
}

const seed = envInt('FUZZ_SEED', 4242);
const numRuns = envInt('FUZZ_RUNS', 150);

// ---- Arbitraries ----------------------------------------------------------------------------

/** Strings that have broken servers before: NUL, lone surrogates, RTL marks, traversal, SQL. */
const nastyString = fc.constantFrom(
  '',
  ' ',
  '   padded   ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202egnp.exe',
  '\ufeffbom',
  '👩‍👩‍👧‍👦'.repeat(20),
  'ﷺ'.repeat(30),
  'Ω≈ç√∫˜µ≤≥÷',
  '../../../../etc/passwd',
  '%00',
  '%',
  "' or 1=1 --",
  '"; drop table users; --',
  '<script>alert(1)</script>',
  '${7*7}',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'NaN',
  '1e999999',
  '-0',
  '0x10',
  '\r\n\r\nX-Injected: 1',
);

/** Lengths just around every limit a schema declares (and a few generic ones). */
function nearLimit(max: number | undefined): fc.Arbitrary<string> {
  const limits = [...new Set([max ?? 200, 60, 100, 120, 200, 254, 300, 5000])];
  return fc
    .tuple(
      fc.constantFrom(...limits),
      fc.integer({ min: -2, max: 2 }),
      fc.constantFrom('a', 'é', '😀', ' ', '\u0000', 'x@'),
    )
    .map(([limit, delta, unit]) =>
      unit.repeat(Math.max(0, Math.ceil((limit + delta) / unit.length))),
    );
}

const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  nastyString,
);

const junk: fc.Arbitrary<unknown> = fc.oneof(
  anyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
  fc.object({ maxDepth: 3 }),
  fc.constant([[[[[[[[[[{ deep: [[[[null]]]] }]]]]]]]]]]),
);

interface Pools {
  ids: string[];
  emails: string[];
  slugs: string[];
  tokens: string[];
}

/** Text of the schema's length, sometimes laced with NUL and astral characters. */
function text(schema: JsonSchema): fc.Arbitrary<string> {
  const size = { minLength: schema.minLength ?? 0, maxLength: schema.maxLength ?? 40 };
  return fc.oneof(
    { weight: 3, arbitrary: fc.string(size) },
    { weight: 1, arbitrary: fc.string({ ...size, unit: 'grapheme' }) },
    {
      weight: 2,
      arbitrary: fc.string({
        ...size,
        unit: fc.constantFrom('a', 'Z', ' ', '\u0000', 'é', '😀', '\ud800'),
      }),
    },
  );
}

/** A value that satisfies the field's schema, or is at least close to it. */
function valid(schema: JsonSchema, pools: Pools): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'array':
      return fc.array(valid(schema.items ?? {}, pools), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 8),
      });
    case 'object': {
      const required = new Set(schema.required ?? []);
      const fields = Object.entries(schema.properties ?? {}).map(
        ([key, field]) => [key, valid(field, pools)] as const,
      );
      return fc.record(Object.fromEntries(fields), {
        requiredKeys: fields.map(([key]) => key).filter((key) => required.has(key)),
      });
    }
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number':
      return fc.integer({ min: 0, max: 1000 });
    default:
      if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...pools.ids), fc.uuid());
      if (schema.format === 'email') {
        return fc.oneof(
          fc.constantFrom(...pools.emails),
          fc.emailAddress(),
          fc.constantFrom(...pools.emails).map((e) => `  ${e.toUpperCase()}  `),
        );
      }
      return fc.oneof(
        { weight: 3, arbitrary: text(schema) },
        { weight: 1, arbitrary: fc.constantFrom(TEST_PASSWORD, ...pools.slugs, ...pools.tokens) },
      );
  }
}

/** A body that fits the schema, or fits it except for one or two fields (or an unknown key). */
function shapedObject(schema: JsonSchema, pools: Pools): fc.Arbitrary<Record<string, unknown>> {
  const base = valid({ ...schema, type: 'object' }, pools) as fc.Arbitrary<Record<string, unknown>>;
  const keys = [...Object.keys(schema.properties ?? {}), 'extra', '__proto__', ''];
  const broken = fc.tuple(
    base,
    fc.array(fc.tuple(fc.constantFrom(...keys), junk), { minLength: 1, maxLength: 2 }),
  );
  return fc.oneof(
    { weight: 3, arbitrary: base },
    {
      weight: 2,
      arbitrary: broken.map(([obj, changes]) => {
        const out: Record<string, unknown> = { ...obj };
        for (const [key, value] of changes)
          Object.defineProperty(out, key, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        return out;
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(base, nearLimitField(schema))
        .map(([obj, [key, value]]) => ({ ...obj, [key]: value })),
    },
  );
}

/** One string field set to a length right around its limit. */
function nearLimitField(schema: JsonSchema): fc.Arbitrary<readonly [string, string]> {
  const strings = Object.entries(schema.properties ?? {}).filter(([, f]) => f.type === 'string');
  if (strings.length === 0) return fc.tuple(fc.constant('extra'), nearLimit(undefined));
  return fc
    .constantFrom(...strings)
    .chain(([key, field]) => fc.tuple(fc.constant(key), nearLimit(field.maxLength)));
}

const invalidJson = fc.oneof(
  fc.string().filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
  fc.constantFrom(
    '{',
    '{"email":',
    '{"email": "a@b.c",}',
    "{'email': 'a@b.c'}",
    '[1, 2',
    'nul',
    'tru',
    '"unterminated',
    '\u0000',
    '\ufeff{}',
    '{"a": NaN}',
    '{"a": undefined}',
    '{"a": 1e999999}',
    '[]]',
    '{"a":'.repeat(5000),
    '['.repeat(100_000) + ']'.repeat(100_000),
  ),
);

const wrongContentType = fc.constantFrom(
  undefined,
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/jsonx',
  'application/json-patch',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/vnd.plantkeep+json',
  '*/*',
);

const oversized = `{"name":"${'x'.repeat(1024 * 1024)}"}`;

type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; contentType: string | undefined }
  | { kind: 'raw'; text: string; contentType: string | undefined };

function bodyFor(route: ApiRoute, pools: Pools): fc.Arbitrary<Body> {
  const shaped = route.body ? shapedObject(route.body, pools) : fc.object({ maxDepth: 2 });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: shaped.map((value) => ({
        kind: 'json' as const,
        value,
        contentType: 'application/json',
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .anything()
        .map((value) => ({ kind: 'json' as const, value, contentType: 'application/json' })),
    },
    {
      weight: 2,
      arbitrary: invalidJson.map((text) => ({
        kind: 'raw' as const,
        text,
        contentType: 'application/json',
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(shaped, wrongContentType)
        .map(([value, contentType]) => ({ kind: 'json' as const, value, contentType })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    {
      weight: 1,
      arbitrary: fc.constant({
        kind: 'raw' as const,
        text: oversized,
        contentType: 'application/json',
      }),
    },
  );
}

const pathParam = (pools: Pools) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...pools.ids).map((v) => ({ value: v, raw: false })) },
    { weight: 2, arbitrary: fc.uuid().map((v) => ({ value: v, raw: false })) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.oneof(
            anyString,
            fc.constantFrom(
              '../',
              '..',
              '.',
              '..%2f..%2f',
              '%2e%2e%2f',
              '%E0%A4%A',
              '%zz',
              '%00',
              '00000000-0000-0000-0000-000000000000',
              'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
              '{id}',
              'a'.repeat(5000),
              `${pools.ids[0]}/extra`,
              `${pools.ids[0]}%00`,
            ),
          ),
          fc.boolean(),
        )
        .map(([value, raw]) => ({ value, raw })),
    },
  );

type Credential = { kind: 'admin' } | { kind: 'header'; value: string | undefined };

const credential: fc.Arbitrary<Credential> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'admin' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'header' as const, value: undefined }) },
  {
    weight: 3,
    arbitrary: fc
      .oneof(
        fc.string().map((s) => `Bearer ${s}`),
        fc.string(),
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'bearer abc.def.ghi',
          'Basic YWRtaW46YWRtaW4=',
          'Bearer a.b.c',
          'Bearer eyJhbGciOiJIUzI1NiJ9.e30.' + 'A'.repeat(43),
          `Bearer ${new UnsecuredJWT({ tid: '00000000-0000-0000-0000-000000000000', sid: 'x' })
            .setSubject('x')
            .setIssuer('plantkeep')
            .setAudience('plantkeep-api')
            .setIssuedAt()
            .setExpirationTime('1h')
            .encode()}`,
        ),
      )
      .map((value) => ({ kind: 'header' as const, value })),
  },
);

// ---- Checks ---------------------------------------------------------------------------------

const validRequestId = /^[A-Za-z0-9._-]{1,100}$/;

function checkResponse(status: number, text: string, label: string) {
  expect(status, `${label} -> ${status} ${text.slice(0, 300)}`).toBeLessThan(500);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${label} -> ${status} is not JSON: ${text.slice(0, 300)}`);
  }
  if (status < 400) {
    expect(body, label).toHaveProperty('data');
    return;
  }
  const error = (body as { error?: Record<string, unknown> }).error;
  expect(error, `${label} -> ${status} ${text.slice(0, 300)}`).toBeTypeOf('object');
  const code = error!.code;
  expect(Object.keys(errorStatus), label).toContain(code);
  expect(
    errorStatus[code as keyof typeof errorStatus],
    `${label}: code ${String(code)} does not stand for status ${status} (${text.slice(0, 300)})`,
  ).toBe(status);
  expect(error!.message, label).toBeTypeOf('string');
  expect(error!.requestId, label).toMatch(validRequestId);
  expect(Object.keys(body as object), label).toEqual(['error']);
}

function encodeParam(param: { value: string; raw: boolean }): string {
  if (param.raw) return param.value;
  try {
    return encodeURIComponent(param.value);
  } catch {
    return param.value; // a lone surrogate: let the URL parser deal with it
  }
}

describe.each(testDatabases)('route fuzzing on $name', (target) => {
  let db: Database;
  let app: App;
  let tenant: TestTenant;
  let routes: ApiRoute[];
  let pools: Pools;
  let adminToken: string;

  /** The fuzzer may sign the admin out (logout, revoking its session): sign in again then. */
  async function admin(): Promise<string> {
    const me = await call(app, 'GET', '/v1/me', { token: adminToken });
    if (me.status !== 200) adminToken = (await loginAs(app, tenant.users.Admin.email)).accessToken;
    return adminToken;
  }

  beforeAll(async () => {
    db = await target.open();
    app = buildTestApp(db).app;
    tenant = await createTestTenant(db, 'fuzz');
    routes = await apiRoutes(app);
    adminToken = (await loginAs(app, tenant.users.Admin.email)).accessToken;
    const role = await call(app, 'POST', '/v1/roles', {
      token: adminToken,
      body: { name: 'Fuzz role', permissions: ['assets:read'] },
    });
    const viewer = await loginAs(app, tenant.users.Viewer.email);
    const sessions = await call(app, 'GET', '/v1/sessions', { token: viewer.accessToken });
    pools = {
      // Real ids the fuzzer may aim at; never the admin itself, which it must not lock out.
      ids: [
        ...Object.entries(tenant.users)
          .filter(([name]) => name !== 'Admin')
          .map(([, user]) => user.id),
        ...Object.values(tenant.roles),
        (role.body.data as { id: string }).id,
        ...(sessions.body.data as { id: string }[]).map((s) => s.id),
      ],
      emails: Object.values(tenant.users).map((u) => u.email),
      slugs: [tenant.slug, 'fuzz-2'],
      tokens: [
        viewer.refreshToken,
        `${tenant.id}.${'A'.repeat(43)}`,
        `${tenant.id}.short`,
        '00000000-0000-0000-0000-000000000000.' + 'x'.repeat(43),
      ],
    };
  });

  afterAll(async () => {
    await db?.close();
  });

  it('builds the route list from the OpenAPI document', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(
      expect.arrayContaining(['POST /v1/auth/login', 'PATCH /v1/users/{id}', 'GET /v1/me']),
    );
    expect(routes.some((r) => !r.secured)).toBe(true);
    expect(routes.some((r) => r.secured)).toBe(true);
  });

  it('answers the inputs earlier runs broke on with VALIDATION', async () => {
    // Postgres text cannot hold U+0000: these used to fail inside the database as 500.
    const nul = 'a\u0000b';
    const cases: [string, string, Record<string, unknown>, boolean][] = [
      [
        'POST',
        '/v1/auth/signup',
        { organization: nul, name: 'N', email: 'n@fuzz.test', password: TEST_PASSWORD },
        false,
      ],
      [
        'POST',
        '/v1/auth/signup',
        { organization: 'Org', name: nul, email: 'n@fuzz.test', password: TEST_PASSWORD },
        false,
      ],
      [
        'POST',
        '/v1/auth/login',
        { email: tenant.users.Viewer.email, password: TEST_PASSWORD, tenant: nul },
        false,
      ],
      [
        'POST',
        '/v1/auth/login',
        { email: tenant.users.Viewer.email, password: TEST_PASSWORD, deviceName: nul },
        false,
      ],
      ['POST', '/v1/auth/password-reset', { email: tenant.users.Viewer.email, tenant: nul }, false],
      ['POST', '/v1/roles', { name: nul, permissions: [] }, true],
      ['POST', '/v1/roles', { name: 'Fine', description: nul, permissions: [] }, true],
      ['PATCH', `/v1/users/${tenant.users.Viewer.id}`, { name: nul }, true],
      [
        'POST',
        '/v1/users',
        { email: 'new@fuzz.test', name: nul, roleIds: [tenant.roles.Viewer] },
        true,
      ],
    ];
    for (const [method, path, body, secured] of cases) {
      const res = await app.request(`http://localhost${path}`, {
        method,
        headers: {
          'x-forwarded-for': freshIp(),
          'content-type': 'application/json',
          ...(secured ? { authorization: `Bearer ${await admin()}` } : {}),
        },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      checkResponse(res.status, text, `${method} ${path} ${JSON.stringify(body)}`);
      expect(res.status, text).toBe(400);
      expect(text).toContain('must not contain NUL characters');
    }
  });

  it(`never answers 5xx and always in the error shape (FUZZ_SEED=${seed}, ${numRuns} runs)`, async () => {
    const request = fc.constantFrom(...routes).chain((route) =>
      fc.record({
        route: fc.constant(route),
        param: pathParam(pools),
        body: bodyFor(route, pools),
        credential,
      }),
    );
    const tally = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ route, param, body, credential }) => {
        const path = route.path.replace(/\{[^}]+\}/g, encodeParam(param));
        const headers: Record<string, string> = { 'x-forwarded-for': freshIp() };
        if (credential.kind === 'admin') headers.authorization = `Bearer ${await admin()}`;
        else if (credential.value !== undefined) headers.authorization = credential.value;
        let payload: string | undefined;
        if (route.method !== 'GET' && body.kind !== 'none') {
          payload = body.kind === 'raw' ? body.text : JSON.stringify(body.value);
          if (body.contentType !== undefined) headers['content-type'] = body.contentType;
        }
        let req: Request;
        try {
          req = new Request(`http://localhost${path}`, {
            method: route.method,
            headers,
            body: payload,
          });
        } catch {
          return; // not expressible as an HTTP request at all (the client would fail first)
        }
        const res = await app.request(req);
        const text = await res.text();
        const label = `${route.method} ${path.slice(0, 200)} [${credential.kind}, ${body.kind}] seed=${seed}`;
        const key = `${res.status} ${route.method} ${route.path}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        checkResponse(res.status, text, label);
      }),
      { seed, numRuns },
    );
    if (process.env.FUZZ_VERBOSE)
      console.log(
        [...tally]
          .sort()
          .map(([k, n]) => `${n}\t${k}`)
          .join('\n'),
      );
    // The runs reached handlers (some succeeded), not just the front door.
    const statuses = [...new Set([...tally.keys()].map((key) => key.slice(0, 3)))];
    const seen = JSON.stringify(Object.fromEntries(tally));
    expect(statuses.length, seen).toBeGreaterThan(3);
    expect(
      statuses.some((s) => s.startsWith('2')),
      seen,
    ).toBe(true);
    expect(statuses, seen).toContain('400');
  });
});
