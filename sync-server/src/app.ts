import { Hono } from 'hono';
import { healthRoutes } from './http/health';
import type { AppDeps, AppEnv } from './http/env';
import { notFound, onError } from './http/errors';
import { placeholderPage } from './http/placeholder-page';
import { requestContext } from './http/request-context';

/** The whole HTTP surface, with no port: tests drive it through `app.request`. */
export function createApp({ db, logger }: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(logger));
  app.route('/', healthRoutes(db));
  app.route('/', placeholderPage());
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
