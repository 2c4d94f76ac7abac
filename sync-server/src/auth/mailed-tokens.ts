import { randomUUID } from 'node:crypto';
import type { AuthTokenKind } from '@plantkeep/shared';
import type { Queryable } from '../db';
import { createOpaqueToken, hashToken } from './opaque-token';

const ttlHours: Record<AuthTokenKind, number> = {
  password_reset: 1,
  email_verification: 48,
  invitation: 7 * 24,
};

/** A single-use token for a link in a mail; only its hash is stored. */
export async function issueMailedToken(
  tx: Queryable,
  tenantId: string,
  userId: string,
  kind: AuthTokenKind,
): Promise<string> {
  const { token, hash } = createOpaqueToken(tenantId);
  await tx.query(
    `insert into auth_tokens (tenant_id, id, user_id, kind, token_hash, expires_at)
     values ($1, $2, $3, $4, $5, now() + make_interval(hours => $6))`,
    [tenantId, randomUUID(), userId, kind, hash, ttlHours[kind]],
  );
  return token;
}

/** Marks the token used and returns its user, or undefined when unknown, expired, used or of another kind. */
export async function consumeMailedToken(
  tx: Queryable,
  token: string,
  kind: AuthTokenKind,
): Promise<string | undefined> {
  const [row] = await tx.query<{ user_id: string }>(
    `update auth_tokens set used_at = now()
      where token_hash = $1 and kind = $2 and used_at is null and expires_at > now()
      returning user_id`,
    [hashToken(token), kind],
  );
  return row?.user_id;
}
