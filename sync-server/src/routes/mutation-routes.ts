import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '@plantkeep/shared';
import type { Database } from '../db';
import { principalOf } from '../http/authenticate';
import { bearerAuth, createApiRouter, jsonContent } from '../http/openapi';
import type { Metrics } from '../http/metrics';
import { processBatch } from '../mutations/process-batch';
import { dataOf } from './schemas';

/** Mutations per request; a client with more pending sends several batches. */
export const MAX_BATCH = 100;

const ResultSchema = z
  .object({
    seq: z.number().int(),
    status: z.enum(['applied', 'rejected', 'duplicate']),
    txid: z.string().optional(),
    error: z
      .object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
      .optional(),
  })
  .openapi('MutationResult');

const postMutations = createRoute({
  method: 'post',
  path: '/v1/mutations',
  tags: ['sync'],
  summary: "Apply a client's pending mutations in order (docs/SPEC.md MU-1..MU-6)",
  security: bearerAuth,
  request: {
    body: jsonContent(
      z.object({
        clientId: z.string().uuid(),
        mutations: z
          .array(
            z.object({
              seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
              name: z.string().min(1).max(100),
              args: z.unknown(),
            }),
          )
          .min(1),
      }),
      'A batch of mutations with consecutive sequence numbers',
    ),
  },
  responses: {
    200: jsonContent(
      dataOf(z.object({ results: z.array(ResultSchema) })),
      'One result per mutation',
    ),
  },
});

export function mutationRoutes(db: Database, metrics: Metrics) {
  return createApiRouter().openapi(postMutations, async (c) => {
    const body = c.req.valid('json');
    if (body.mutations.length > MAX_BATCH) {
      throw new AppError('PAYLOAD_TOO_LARGE', `Send at most ${MAX_BATCH} mutations per batch`, {
        max: MAX_BATCH,
      });
    }
    const results = await processBatch(
      db,
      {
        principal: principalOf(c),
        clientId: body.clientId.toLowerCase(),
        requestId: c.get('requestId'),
        onOutcome: (status, code) =>
          status === 'applied'
            ? metrics.mutationApplied()
            : metrics.mutationRejected(code ?? 'INTERNAL'),
      },
      body.mutations,
    );
    return c.json({ data: { results } }, 200);
  });
}
