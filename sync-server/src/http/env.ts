import type { Database } from '../db';
import type { Logger } from '../logger';

/** Hono context variables, typed once for every route and middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
  };
}

export interface AppDeps {
  db: Database;
  logger: Logger;
}
