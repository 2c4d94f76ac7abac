import { AppError, errorStatus, type ErrorBody, type ErrorCode } from '@plantkeep/shared';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './env';

export function errorResponse(
  c: Context<AppEnv>,
  code: ErrorCode,
  message: string,
  status: number,
  details?: unknown,
) {
  const body: ErrorBody = {
    error: {
      code,
      message,
      requestId: c.get('requestId'),
      ...(details === undefined ? {} : { details }),
    },
  };
  return c.json(body, status as ContentfulStatusCode);
}

/** The one error path: AppError keeps its code, Hono's own errors map by status, the rest is INTERNAL. */
export function onError(error: Error, c: Context<AppEnv>) {
  if (error instanceof AppError)
    return errorResponse(c, error.code, error.message, error.status, error.details);
  if (error instanceof HTTPException) {
    const code: ErrorCode =
      error.status === 413 ? 'PAYLOAD_TOO_LARGE' : error.status === 401 ? 'AUTHN' : 'VALIDATION';
    // The status follows the code, so a 415 from a body validator becomes 400 VALIDATION.
    return errorResponse(c, code, error.message || 'Bad request', errorStatus[code]);
  }
  c.get('logger').error('unhandled error', {
    requestId: c.get('requestId'),
    error: error.message,
    stack: error.stack,
  });
  return errorResponse(c, 'INTERNAL', 'Internal server error', 500);
}

export function notFound(c: Context<AppEnv>) {
  return errorResponse(c, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`, 404);
}
