import { z } from 'zod';
import { AppError, type ErrorCode } from '../errors';

/**
 * The write protocol, `POST /v1/mutations` (docs/SPEC.md MU-*), in one place:
 * the route validates and documents with these schemas, the server's batch
 * processing answers with these types, the device's sender builds and reads
 * them. Change the major version only for a change old clients cannot speak;
 * the server then lists both in `SUPPORTED_MUTATION_PROTOCOL_VERSIONS` while
 * they coexist (MU-12).
 */
export const MUTATION_PROTOCOL_VERSION = 1;
export const SUPPORTED_MUTATION_PROTOCOL_VERSIONS: readonly number[] = [1];

/** Mutations per request; a client with more pending sends several batches. */
export const MAX_MUTATION_BATCH = 100;

export const mutationInputSchema = z.object({
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** Any name: an unknown or malformed one is a recorded rejection (MU-4), never a 400 that jams the queue. */
  name: z.string(),
  /** Validated per mutation by `parseMutation`: bad args are a recorded rejection, not a 400. */
  args: z.unknown(),
});
export type MutationInput = z.infer<typeof mutationInputSchema>;

export const mutationRequestSchema = z.object({
  /** The protocol major this client speaks; absent means 1 (clients from before versioning). */
  protocolVersion: z.number().int().min(1).optional(),
  clientId: z.string().uuid(),
  mutations: z.array(mutationInputSchema).min(1),
});
export type MutationRequest = z.infer<typeof mutationRequestSchema>;

const errorCodes = [
  'VALIDATION',
  'AUTHN',
  'AUTHZ',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMIT',
  'INTERNAL',
] as const satisfies readonly ErrorCode[];

export const mutationErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.unknown().optional(),
});

export const mutationResultSchema = z.discriminatedUnion('status', [
  z.object({
    seq: z.number().int(),
    status: z.literal('applied'),
    /** The Postgres transaction id: the client knows it applied once sync passes it. */
    txid: z.string().optional(),
  }),
  /** A seq already processed that was applied (MU-2). */
  z.object({ seq: z.number().int(), status: z.literal('duplicate') }),
  /** Recorded and skipped (MU-4); a repeat answers the stored error (MU-2). */
  z.object({ seq: z.number().int(), status: z.literal('rejected'), error: mutationErrorSchema }),
]);
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const mutationResponseSchema = z.object({
  data: z.object({ results: z.array(mutationResultSchema) }),
});
export type MutationResponse = z.infer<typeof mutationResponseSchema>;

/** `error.details.reason` of a request refused for its protocol version. */
export const UNSUPPORTED_PROTOCOL_VERSION = 'unsupported-protocol-version';

export interface UnsupportedVersionDetails {
  reason: typeof UNSUPPORTED_PROTOCOL_VERSION;
  protocolVersion: unknown;
  supported: readonly number[];
}

/**
 * Refuses a request whose protocol version this server does not speak
 * (MU-12), before the rest of the body is read: a newer or older major may
 * shape it differently, and the client must learn "update", not "malformed".
 */
export function checkProtocolVersion(body: unknown): void {
  if (typeof body !== 'object' || body === null || !('protocolVersion' in body)) return;
  const version = body.protocolVersion;
  if (version === undefined) return;
  if (typeof version === 'number' && SUPPORTED_MUTATION_PROTOCOL_VERSIONS.includes(version)) return;
  const details: UnsupportedVersionDetails = {
    reason: UNSUPPORTED_PROTOCOL_VERSION,
    protocolVersion: version,
    supported: SUPPORTED_MUTATION_PROTOCOL_VERSIONS,
  };
  throw new AppError(
    'VALIDATION',
    `This server speaks mutation protocol ${SUPPORTED_MUTATION_PROTOCOL_VERSIONS.join(', ')}, not ${JSON.stringify(version)}`,
    details,
  );
}

/** The supported versions when an error body is a protocol-version refusal, else undefined. */
export function unsupportedVersionOf(errorBody: unknown): readonly number[] | undefined {
  const details = (errorBody as { error?: { code?: unknown; details?: unknown } } | null)?.error;
  if (details?.code !== 'VALIDATION') return undefined;
  const d = details.details as Partial<UnsupportedVersionDetails> | undefined;
  if (d?.reason !== UNSUPPORTED_PROTOCOL_VERSION || !Array.isArray(d.supported)) return undefined;
  return d.supported.filter((v): v is number => typeof v === 'number');
}
