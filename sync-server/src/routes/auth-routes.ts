import { createRoute, z } from '@hono/zod-openapi';
import type { AuthService } from '../auth/auth-service';
import { emailSchema, passwordSchema, personNameSchema, textSchema } from '../auth/credentials';
import { listSessions, revokeOwnSession } from '../auth/sessions';
import { publicUser } from '../auth/principal';
import { withTenant, type Database } from '../db';
import { deviceOf, principalOf } from '../http/authenticate';
import { bearerAuth, createApiRouter, jsonContent } from '../http/openapi';
import { dataOf, OkSchema, TokenPairSchema, UserSchema, UuidParam } from './schemas';

const deviceName = textSchema(0, 100).optional();

const signup = createRoute({
  method: 'post',
  path: '/v1/auth/signup',
  tags: ['auth'],
  summary: 'Create an organization (tenant) and its first admin',
  request: {
    body: jsonContent(
      z.object({
        organization: textSchema(2, 120),
        name: personNameSchema,
        email: emailSchema,
        password: passwordSchema,
        deviceName,
      }),
      'New organization',
    ),
  },
  responses: { 201: jsonContent(dataOf(TokenPairSchema), 'Signed in as the new admin') },
});

const login = createRoute({
  method: 'post',
  path: '/v1/auth/login',
  tags: ['auth'],
  summary:
    'Sign in; `tenant` (slug) is needed only when the account exists in several organizations',
  request: {
    body: jsonContent(
      z.object({
        email: emailSchema,
        password: z.string().min(1).max(200),
        tenant: textSchema(1, 60).optional(),
        deviceName,
      }),
      'Credentials',
    ),
  },
  responses: { 200: jsonContent(dataOf(TokenPairSchema), 'Signed in') },
});

const refresh = createRoute({
  method: 'post',
  path: '/v1/auth/refresh',
  tags: ['auth'],
  summary: 'Rotate a refresh token; reusing an old one revokes the session',
  request: {
    body: jsonContent(z.object({ refreshToken: z.string().min(1).max(200) }), 'Refresh token'),
  },
  responses: { 200: jsonContent(dataOf(TokenPairSchema), 'A new token pair') },
});

const SessionSchema = z
  .object({
    id: z.string().uuid(),
    deviceName: z.string().nullable(),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    current: z.boolean(),
  })
  .openapi('Session');

/** Routes that issue tokens: no caller yet. */
export function publicAuthRoutes(auth: AuthService) {
  return createApiRouter()
    .openapi(signup, async (c) => {
      const { deviceName: device, ...input } = c.req.valid('json');
      return c.json({ data: await auth.signup(input, deviceOf(c, device)) }, 201);
    })
    .openapi(login, async (c) => {
      const { deviceName: device, ...input } = c.req.valid('json');
      return c.json({ data: await auth.login(input, deviceOf(c, device)) }, 200);
    })
    .openapi(refresh, async (c) => {
      return c.json({ data: await auth.refresh(c.req.valid('json').refreshToken) }, 200);
    });
}

/** Routes about the signed-in caller (mounted behind `authenticate`). */
export function sessionRoutes(db: Database, auth: AuthService) {
  return createApiRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/auth/logout',
        tags: ['auth'],
        summary: 'Revoke the current session',
        security: bearerAuth,
        responses: { 200: jsonContent(OkSchema, 'Signed out') },
      }),
      async (c) => {
        await auth.logout(principalOf(c));
        return c.json({ data: { ok: true as const } }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me',
        tags: ['auth'],
        summary: 'The signed-in user with roles and permissions',
        security: bearerAuth,
        responses: { 200: jsonContent(dataOf(UserSchema), 'The caller') },
      }),
      (c) => c.json({ data: publicUser(principalOf(c)) }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/sessions',
        tags: ['auth'],
        summary: "The caller's signed-in devices",
        security: bearerAuth,
        responses: { 200: jsonContent(dataOf(z.array(SessionSchema)), 'Active sessions') },
      }),
      async (c) => {
        const me = principalOf(c);
        const rows = await withTenant(db, me.tenantId, (tx) => listSessions(tx, me.userId));
        const data = rows.map((s) => ({
          id: s.id,
          deviceName: s.device_name,
          userAgent: s.user_agent,
          ip: s.ip,
          createdAt: s.created_at,
          lastSeenAt: s.last_seen_at,
          expiresAt: s.expires_at,
          current: s.id === me.sessionId,
        }));
        return c.json({ data }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/v1/sessions/{id}',
        tags: ['auth'],
        summary: 'Sign out one of your devices',
        security: bearerAuth,
        request: { params: UuidParam },
        responses: { 200: jsonContent(OkSchema, 'Revoked') },
      }),
      async (c) => {
        const me = principalOf(c);
        await withTenant(db, me.tenantId, (tx) =>
          revokeOwnSession(tx, me.userId, c.req.valid('param').id),
        );
        return c.json({ data: { ok: true as const } }, 200);
      },
    );
}
