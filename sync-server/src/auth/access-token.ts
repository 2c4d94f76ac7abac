import { AppError } from '@plantkeep/shared';
import { errors, jwtVerify, SignJWT } from 'jose';

export interface AccessClaims {
  userId: string;
  tenantId: string;
  sessionId: string;
}

const ALGORITHM = 'HS256';
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
      if (typeof sub !== 'string' || typeof tid !== 'string' || typeof sid !== 'string') {
        throw new AppError('AUTHN', 'Access token is missing claims');
      }
      return { userId: sub, tenantId: tid, sessionId: sid };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof errors.JWTExpired) {
        throw new AppError('AUTHN', 'Access token expired', { reason: 'expired' });
      }
      throw new AppError('AUTHN', 'Access token is invalid', { reason: 'invalid' });
    }
  }
}
