import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './db';
import { buildTestApp } from './testing/app-fixture';
import { testDatabases } from './testing/databases';

describe.each(testDatabases)('HTTP basics on $name', (target) => {
  let db: Database;
  let app: ReturnType<typeof buildTestApp>['app'];
  beforeAll(async () => {
    db = await target.open();
    app = buildTestApp(db).app;
  });
  afterAll(async () => {
    await db.close();
  });

  it('GET /health answers ok with a request id', async () => {
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { status: 'ok' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GET /ready reports the database kind', async () => {
    const res = await app.request('/ready');
    expect(await res.json()).toEqual({ data: { status: 'ready', database: target.name } });
  });

  it('answers an unknown route with the NOT_FOUND error shape and the caller’s request id', async () => {
    const res = await app.request('/nope', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No route for GET /nope', requestId: 'abc-123' },
    });
  });

  it('serves a placeholder page at /', async () => {
    const res = await app.request('/');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('Plantkeep');
  });
});
