import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '@plantkeep/shared';
import type { AccountService } from '../auth/account-service';
import { emailSchema, passwordSchema, textSchema } from '../auth/credentials';
import { principalOf } from '../http/authenticate';
import { bearerAuth, createApiRouter, jsonContent } from '../http/openapi';
import type { Mailer } from '../mail/mailer';
import { dataOf, OkSchema } from './schemas';

const token = z.string().min(1).max(200);
const ok = { data: { ok: true as const } };

/** Mail-link flows that work without a session: reset, verify, accept invitation. */
export function publicAccountRoutes(accounts: AccountService) {
  return createApiRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/auth/password-reset',
        tags: ['account'],
        summary:
          'Mail a password reset link (always 202: never reveals whether the account exists)',
        request: {
          body: jsonContent(
            z.object({ email: emailSchema, tenant: textSchema(1, 60).optional() }),
            'Account',
          ),
        },
        responses: { 202: jsonContent(OkSchema, 'Accepted') },
      }),
      (c) => {
        const { email, tenant } = c.req.valid('json');
        // After the response, so timing does not reveal whether the account exists.
        const logger = c.get('logger');
        setImmediate(() => {
          accounts.requestPasswordReset(email, tenant).catch((error: unknown) => {
            logger.error('password reset mail failed', { error: String(error) });
          });
        });
        return c.json(ok, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/auth/password-reset/confirm',
        tags: ['account'],
        summary: 'Set a new password from a reset link; signs out every device',
        request: {
          body: jsonContent(z.object({ token, password: passwordSchema }), 'New password'),
        },
        responses: { 200: jsonContent(OkSchema, 'Password changed') },
      }),
      async (c) => {
        const body = c.req.valid('json');
        await accounts.resetPassword(body.token, body.password);
        return c.json(ok, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/auth/verify-email/confirm',
        tags: ['account'],
        summary: 'Confirm an email address from a verification link',
        request: { body: jsonContent(z.object({ token }), 'Verification token') },
        responses: { 200: jsonContent(OkSchema, 'Verified') },
      }),
      async (c) => {
        await accounts.verifyEmail(c.req.valid('json').token);
        return c.json(ok, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/auth/invitation/accept',
        tags: ['account'],
        summary: 'Choose a password for an invited account',
        request: { body: jsonContent(z.object({ token, password: passwordSchema }), 'Invitation') },
        responses: { 200: jsonContent(OkSchema, 'Account ready; sign in') },
      }),
      async (c) => {
        const body = c.req.valid('json');
        await accounts.acceptInvitation(body.token, body.password);
        return c.json(ok, 200);
      },
    );
}

const MailSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  sentAt: z.string(),
});

/** Signed-in account routes, and the development mail outbox for admins. */
export function accountRoutes(accounts: AccountService, mailer: Mailer) {
  return createApiRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/auth/verify-email',
        tags: ['account'],
        summary: 'Mail a verification link to the signed-in user',
        security: bearerAuth,
        responses: { 202: jsonContent(OkSchema, 'Sent') },
      }),
      async (c) => {
        const me = principalOf(c);
        await accounts.sendVerification(me.tenantId, me.userId, me.email);
        return c.json(ok, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/admin/mail',
        tags: ['admin'],
        summary: "Mails the development transport sent to this tenant's users (admins only)",
        security: bearerAuth,
        responses: { 200: jsonContent(dataOf(z.array(MailSchema)), 'Newest first') },
      }),
      async (c) => {
        const me = principalOf(c);
        if (!me.permissions.has('users:manage'))
          throw new AppError('AUTHZ', 'Missing permission users:manage');
        if (!mailer.outbox)
          throw new AppError('NOT_FOUND', 'Mail is sent over SMTP; there is no local outbox');
        const mails = await mailer.outbox(me.tenantId);
        return c.json(
          {
            data: mails.map(({ id, to, subject, text, sentAt }) => ({
              id,
              to,
              subject,
              text,
              sentAt,
            })),
          },
          200,
        );
      },
    );
}
