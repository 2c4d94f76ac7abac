import { randomUUID } from 'node:crypto';
import { AppError } from '@plantkeep/shared';
import type { Queryable } from '../db';
import { createOpaqueToken, hashToken } from './opaque-token';

export const REFRESH_TOKEN_TTL_DAYS = 30;

export interface DeviceInfo {
  deviceName?: string | undefined;
  userAgent?: string | undefined;
  ip?: string | undefined;
}

export interface SessionRow {
  id: string;
  device_name: string | null;
  user_agent: string | null;
  ip: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** Starts a per-device session and its first refresh token. Runs inside the tenant's scope. */
export async function startSession(
  tx: Queryable,
  tenantId: string,
  userId: string,
  device: DeviceInfo,
): Promise<{ sessionId: string; refreshToken: string }> {
  const sessionId = randomUUID();
  await tx.query(
    `insert into sessions (tenant_id, id, user_id, device_name, user_agent, ip, expires_at)
     values ($1, $2, $3, $4, $5, $6, now() + make_interval(days => $7))`,
    [
      tenantId,
      sessionId,
      userId,
      device.deviceName ?? null,
      device.userAgent?.slice(0, 500) ?? null,
      device.ip ?? null,
      REFRESH_TOKEN_TTL_DAYS,
    ],
  );
  const refreshToken = await issueRefreshToken(tx, tenantId, sessionId, null);
  return { sessionId, refreshToken };
}

async function issueRefreshToken(
  tx: Queryable,
  tenantId: string,
  sessionId: string,
  parentId: string | null,
): Promise<string> {
  const { token, hash } = createOpaqueToken(tenantId);
  await tx.query(
    `insert into refresh_tokens (tenant_id, id, session_id, token_hash, parent_id, expires_at)
     values ($1, $2, $3, $4, $5, now() + make_interval(days => $6))`,
    [tenantId, randomUUID(), sessionId, hash, parentId, REFRESH_TOKEN_TTL_DAYS],
  );
  return token;
}

export type RotateResult =
  | { ok: true; userId: string; sessionId: string; refreshToken: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

/**
 * Exchanges a refresh token for a new one. A token that was already rotated
 * is reuse — someone holds a copy — so the whole family (the session) is
 * revoked. The caller commits the revocation even though it answers 401.
 */
export async function rotateRefreshToken(
  tx: Queryable,
  tenantId: string,
  token: string,
): Promise<RotateResult> {
  const [row] = await tx.query<{
    id: string;
    session_id: string;
    user_id: string;
    rotated: boolean;
    expired: boolean;
    revoked: boolean;
    deactivated: boolean;
  }>(
    `select t.id, t.session_id, s.user_id,
            t.rotated_at is not null as rotated,
            t.expires_at <= now() or s.expires_at <= now() as expired,
            s.revoked_at is not null as revoked,
            u.deactivated_at is not null as deactivated
       from refresh_tokens t
       join sessions s on s.tenant_id = t.tenant_id and s.id = t.session_id
       join users u on u.tenant_id = s.tenant_id and u.id = s.user_id
      where t.token_hash = $1
      for update of t`,
    [hashToken(token)],
  );
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked || row.deactivated) return { ok: false, reason: 'revoked' };
  if (row.rotated) {
    await revokeSession(tx, row.session_id, 'refresh token reuse');
    return { ok: false, reason: 'reused' };
  }
  if (row.expired) return { ok: false, reason: 'expired' };
  await tx.query('update refresh_tokens set rotated_at = now() where id = $1', [row.id]);
  await tx.query('update sessions set last_seen_at = now() where id = $1', [row.session_id]);
  const refreshToken = await issueRefreshToken(tx, tenantId, row.session_id, row.id);
  return { ok: true, userId: row.user_id, sessionId: row.session_id, refreshToken };
}

export async function revokeSession(
  tx: Queryable,
  sessionId: string,
  reason: string,
): Promise<void> {
  await tx.query(
    `update sessions set revoked_at = coalesce(revoked_at, now()), revoked_reason = coalesce(revoked_reason, $2)
      where id = $1`,
    [sessionId, reason],
  );
}

/** Revokes every session of a user (deactivation, password change). */
export async function revokeUserSessions(
  tx: Queryable,
  userId: string,
  reason: string,
): Promise<void> {
  await tx.query(
    `update sessions set revoked_at = now(), revoked_reason = $2 where user_id = $1 and revoked_at is null`,
    [userId, reason],
  );
}

export async function listSessions(tx: Queryable, userId: string): Promise<SessionRow[]> {
  return tx.query<SessionRow>(
    `select id, device_name, user_agent, ip, created_at, last_seen_at, expires_at from sessions
      where user_id = $1 and revoked_at is null and expires_at > now() order by last_seen_at desc`,
    [userId],
  );
}

/** Revokes one of the caller's own sessions; another user's id is simply not found. */
export async function revokeOwnSession(
  tx: Queryable,
  userId: string,
  sessionId: string,
): Promise<void> {
  const rows = await tx.query(
    `update sessions set revoked_at = now(), revoked_reason = 'revoked by user'
      where id = $1 and user_id = $2 and revoked_at is null returning id`,
    [sessionId, userId],
  );
  if (rows.length === 0) throw new AppError('NOT_FOUND', 'Session not found');
}
