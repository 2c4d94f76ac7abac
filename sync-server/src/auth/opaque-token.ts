import { createHash, randomBytes } from 'node:crypto';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Refresh, reset, verification and invitation tokens: `<tenant id>.<secret>`.
 * The tenant prefix lets the server look the token up inside that tenant's
 * row-level-security scope; only the SHA-256 of the whole token is stored.
 */
export function createOpaqueToken(tenantId: string): { token: string; hash: string } {
  const token = `${tenantId}.${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The tenant a token claims to belong to, or undefined for anything malformed. */
export function tokenTenant(token: string): string | undefined {
  const [tenantId, secret, ...rest] = token.split('.');
  if (rest.length > 0 || !tenantId || !uuid.test(tenantId) || !secret || secret.length < 40) {
    return undefined;
  }
  return tenantId;
}
