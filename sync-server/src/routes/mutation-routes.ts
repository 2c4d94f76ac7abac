import { createRoute } from '@hono/zod-openapi';
import {
  AppError,
  checkProtocolVersion,
  MAX_MUTATION_BATCH,
  mutationRequestSchema,
  mutationResponseSchema,
} from '@plantkeep/shared';
import { createMiddleware } from 'hono/factory';
import type { Database } from '../db';
import { principalOf } from '../http/authenticate';
import type { AppEnv } from '../http/env';
import { bearerAuth, createApiRouter, jsonContent } from '../http/openapi';
import type { Metrics } from '../http/metrics';
import { processBatch } from '../mutations/process-batch';

/**
 * The protocol version is checked before the body is validated (MU-12): a
 * client speaking another major gets the version refusal, not the parse
 * errors of a body shaped for another version. Invalid JSON is left to the
 * validator, which answers it as usual.
 */
const protocolVersion = createMiddleware<AppEnv>(async (c, next) => {
  const body: unknown = await c.req.json().catch(() => undefined);
  checkProtocolVersion(body);
  await next();
});

const postMutations = createRoute({
  method: 'post',
  path: '/v1/mutations',
  tags: ['sync'],
  summary: "Apply a client's pending mutations in order (docs/SPEC.md MU-1..MU-13)",
  security: bearerAuth,
  middleware: [protocolVersion] as const,
  request: {
    // The protocol's schemas, from @plantkeep/shared (MU-12), generate /openapi.json as they are.
    body: jsonContent(
      mutationRequestSchema,
      'A batch of mutations with consecutive sequence numbers',
    ),
  },
  responses: {
    200: jsonContent(mutationResponseSchema, 'One result per mutation'),
  },
});

export function mutationRoutes(db: Database, metrics: Metrics) {
  return createApiRouter().openapi(postMutations, async (c) => {
    const body = c.req.valid('json');
    if (body.mutations.length > MAX_MUTATION_BATCH) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `Send at most ${MAX_MUTATION_BATCH} mutations per batch`,
        {
          max: MAX_MUTATION_BATCH,
        },
      );
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
