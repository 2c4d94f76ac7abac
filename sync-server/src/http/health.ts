import { Hono } from 'hono';
import type { Database } from '../db';
import { errorResponse } from './errors';
import type { AppEnv } from './env';

/** Liveness (/health: the process answers) and readiness (/ready: the database answers). */
export function healthRoutes(db: Database) {
  return new Hono<AppEnv>()
    .get('/health', (c) => c.json({ data: { status: 'ok' } }))
    .get('/ready', async (c) => {
      try {
        await db.query('select 1');
        return c.json({ data: { status: 'ready', database: db.kind } });
      } catch (error) {
        c.get('logger').warn('not ready: the database does not answer', {
          error: error instanceof Error ? error.message : String(error),
        });
        return errorResponse(c, 'INTERNAL', 'Database is not reachable', 503);
      }
    });
}
