/** The error taxonomy of the API contract (DESIGN §6): every failure carries one of these codes. */
export const errorStatus = {
  VALIDATION: 400,
  AUTHN: 401,
  AUTHZ: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMIT: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; requestId: string };
}

/** An expected failure with a taxonomy code; anything else becomes INTERNAL. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  get status(): number {
    return errorStatus[this.code];
  }
}
