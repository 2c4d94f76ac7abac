import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { createLogger } from '../logger';
import type { AppEnv } from './env';
import { healthRoutes } from './health';

describe('/ready', () => {
  it('answers 503 and logs the database error at warn while the database does not answer', async () => {
    const lines: string[] = [];
    const logger = createLogger('warn', (line) => {
      lines.push(line);
      return true;
    });
    const db = {
      kind: 'postgres',
      query: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
    } as unknown as Database;
    const app = new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set('requestId', 'req-1');
        c.set('logger', logger);
        await next();
      })
      .route('/', healthRoutes(db));

    const res = await app.request('/ready');

    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'INTERNAL', requestId: 'req-1' } });
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      expect.objectContaining({
        level: 'warn',
        error: 'connect ECONNREFUSED 127.0.0.1:5432',
      }),
    ]);
  });
});
