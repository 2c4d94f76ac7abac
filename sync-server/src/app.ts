import { Hono, type MiddlewareHandler } from 'hono';
import { memoryAttachmentStore, type AttachmentStore } from './attachments/store';
import { AccessTokens } from './auth/access-token';
import { AccountService } from './auth/account-service';
import { AuthService } from './auth/auth-service';
import type { Config } from './config';
import type { Database } from './db';
import { authenticateExcept } from './http/authenticate';
import { limitBody } from './http/body-limit';
import { corsAllowList } from './http/cors';
import type { AppEnv } from './http/env';
import { notFound, onError } from './http/errors';
import { healthRoutes } from './http/health';
import { Metrics, metricsRoute, recordRequestMetrics } from './http/metrics';
import { createApiRouter, docsRoutes } from './http/openapi';
import { placeholderPage } from './http/placeholder-page';
import { requestContext } from './http/request-context';
import { securityHeaders } from './http/security-headers';
import { hasWebApp, webAppRoutes } from './http/web-app';
import type { Logger } from './logger';
import type { Mailer } from './mail/mailer';
import { createRateLimits } from './http/rate-limits';
import { createElectricProxy } from './shape/electric-proxy';
import { EmbeddedShapes } from './shape/embedded-shapes';
import type { LiveNotifier } from './shape/live-notifier';
import { documentShapeRoutes, shapeRoutes, type ShapeSource } from './shape/shape-routes';
import { accountRoutes, publicAccountRoutes } from './routes/account-routes';
import {
  attachmentRoutes,
  attachmentUploadPath,
  MAX_ATTACHMENT_BYTES,
} from './routes/attachment-routes';
import { roleAdminRoutes, userAdminRoutes } from './routes/admin-routes';
import { publicAuthRoutes, sessionRoutes } from './routes/auth-routes';
import { mutationRoutes } from './routes/mutation-routes';

export interface AppDeps {
  db: Database;
  logger: Logger;
  config: Pick<
    Config,
    | 'publicUrl'
    | 'corsOrigins'
    | 'trustProxy'
    | 'metricsToken'
    | 'metricsLoopbackOnly'
    | 'electricUrl'
    | 'electricSecret'
  >;
  /** Started by the caller (it LISTENs on the database); wakes live shape requests. */
  notifier: LiveNotifier;
  /** Tuning of the embedded shape log (tests use small chunks and short long-polls). */
  shapeOptions?: ConstructorParameters<typeof EmbeddedShapes>[2];
  jwtKey: Uint8Array;
  mailer: Mailer;
  /** Injectable clock for token expiry and rate-limit windows in tests. */
  now?: () => number;
  metrics?: Metrics;
  /** The built web app (web/dist); a placeholder page is served at / when it is absent. */
  webRoot?: string;
  /** Attachment bytes; main.ts stores them under DATA_DIR, tests and benchmarks in memory. */
  attachments?: AttachmentStore;
}

/** Routes reachable without a session; every other /v1 route requires a bearer token. */
const publicApiPaths = new Set([
  '/v1/auth/signup',
  '/v1/auth/login',
  '/v1/auth/refresh',
  '/v1/auth/password-reset',
  '/v1/auth/password-reset/confirm',
  '/v1/auth/verify-email/confirm',
  '/v1/auth/invitation/accept',
]);

/** The whole HTTP surface, with no port: tests drive it through `app.request`. */
export function createApp(deps: AppDeps) {
  const { db, logger, config, mailer } = deps;
  const now = deps.now ?? Date.now;
  const metrics = deps.metrics ?? new Metrics();
  const tokens = new AccessTokens(deps.jwtKey, now);
  const auth = new AuthService(db, tokens);
  const accounts = new AccountService(db, mailer, config.publicUrl);
  const limits = createRateLimits(now);
  const shapeSource: ShapeSource = config.electricUrl
    ? {
        kind: 'proxy',
        proxy: createElectricProxy({
          electricUrl: config.electricUrl,
          secret: config.electricSecret,
        }),
      }
    : {
        kind: 'embedded',
        shapes: new EmbeddedShapes(db, deps.notifier, {
          now,
          onLiveChange: (delta) => (delta > 0 ? metrics.shapeLiveInc() : metrics.shapeLiveDec()),
          ...deps.shapeOptions,
        }),
      };

  const app = new Hono<AppEnv>();
  app.use('*', requestContext(logger, config.trustProxy));
  app.use('*', recordRequestMetrics(metrics));
  app.use('*', securityHeaders({ trustProxy: config.trustProxy }));
  app.use('*', corsAllowList(config.corsOrigins));
  app.use('/v1/*', limits.perIp);
  const jsonBodyLimit = limitBody(1024 * 1024);
  const uploadBodyLimit = limitBody(MAX_ATTACHMENT_BYTES);
  // Uploads take files up to MAX_ATTACHMENT_BYTES; every other request is JSON of at most 1 MiB.
  const bodyLimit: MiddlewareHandler<AppEnv> = (c, next) =>
    attachmentUploadPath.test(c.req.path) ? uploadBodyLimit(c, next) : jsonBodyLimit(c, next);
  app.use('/v1/*', bodyLimit);
  app.use('/v1/auth/login', limits.login);
  app.use('/v1/auth/signup', limits.accountCreation);
  app.use('/v1/auth/password-reset', limits.accountCreation);
  app.use('/v1/*', authenticateExcept(db, tokens, publicApiPaths));
  app.use('/v1/*', limits.perTenant);
  app.use('/v1/*', limits.perSession);

  const api = createApiRouter()
    .route('/', publicAuthRoutes(auth))
    .route('/', publicAccountRoutes(accounts))
    .route('/', sessionRoutes(db, auth))
    .route('/', accountRoutes(accounts, mailer))
    .route('/', userAdminRoutes(db, accounts))
    .route('/', roleAdminRoutes(db))
    .route('/', mutationRoutes(db, metrics))
    .route('/', attachmentRoutes(db, deps.attachments ?? memoryAttachmentStore(), now));
  documentShapeRoutes(api.openAPIRegistry);
  app.route('/', docsRoutes(api));
  app.route('/', shapeRoutes(db, shapeSource));
  app.route('/', healthRoutes(db));
  app.route(
    '/',
    metricsRoute(metrics, {
      token: config.metricsToken,
      loopbackOnly: config.metricsLoopbackOnly,
    }),
  );
  app.route('/', hasWebApp(deps.webRoot) ? webAppRoutes(deps.webRoot) : placeholderPage());
  app.notFound(notFound);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
