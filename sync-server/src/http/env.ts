import type { Principal } from '../auth/principal';
import type { Logger } from '../logger';

/** Hono context variables, typed once for every route and middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    /** The peer address (X-Forwarded-For only when TRUST_PROXY=true). */
    clientIp: string;
    /** Set by `authenticate` on routes that need a signed-in caller. */
    principal: Principal | undefined;
  };
}
