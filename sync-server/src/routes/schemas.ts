import { z } from '@hono/zod-openapi';

/** Response shapes shared by several routes (OpenAPI components). */
export const UserSchema = z
  .object({
    id: z.string().uuid(),
    tenantId: z.string().uuid(),
    name: z.string(),
    email: z.string(),
    emailVerified: z.boolean(),
    roles: z.array(z.string()),
    permissions: z.array(z.string()),
  })
  .openapi('User');

export const TokenPairSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int().describe('Seconds until the access token expires'),
    user: UserSchema,
  })
  .openapi('TokenPair');

export const UuidParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const dataOf = <T extends z.ZodType>(schema: T) => z.object({ data: schema });

export const OkSchema = dataOf(z.object({ ok: z.literal(true) }));
