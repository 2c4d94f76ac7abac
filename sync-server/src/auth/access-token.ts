import { AppError } from '@plantkeep/shared';
import { errors, jwtVerify, SignJWT } from 'jose';

export interface AccessClaims {
  userId: string;
  tenantId: string;
  sessionId: string;
}

const ALGORITHM = 'HS256';
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (v: unknown): v is string => typeof v === 'string' && uuidPattern.test(v);
const ISSUER = 'plantkeep';
const AUDIENCE = 'plantkeep-api';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/**
 * Short-lived access tokens. The algorithm is pinned (no `alg: none`, no
 * algorithm confusion); issuer, audience and expiry are checked. Anything
 * wrong is AUTHN with a reason the client can act on.
 */
export class AccessTokens {
  constructor(
    private readonly key: Uint8Array,
    private readonly now: () => number = Date.now,
  ) {}

  async sign(claims: AccessClaims): Promise<string> {
    const iat = Math.floor(this.now() / 1000);
    return new SignJWT({ tid: claims.tenantId, sid: claims.sessionId })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: new Date(this.now()),
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const { sub, tid, sid } = payload;
      // Ids go straight into uuid-typed queries: anything else is a bad token, not a 500.
      if (!isUuid(sub) || !isUuid(tid) || !isUuid(sid)) {
        throw new AppError('AUTHN', 'Access token is missing claims', { reason: 'invalid' });
      }
      return {
        userId: sub.toLowerCase(),
        tenantId: tid.toLowerCase(),
        sessionId: sid.toLowerCase(),
      };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof errors.JWTExpired) {
        throw new AppError('AUTHN', 'Access token expired', { reason: 'expired' });
      }
      throw new AppError('AUTHN', 'Access token is invalid', { reason: 'invalid' });
    }
  }
}
