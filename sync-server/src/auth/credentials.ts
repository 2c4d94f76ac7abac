import { z } from '@hono/zod-openapi';

/** Input rules for credentials, shared by signup, reset and invitation acceptance. */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .email('must be an email address')
  .transform((e) => e.toLowerCase());

export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');

/**
 * Trimmed, bounded free text that ends up in a Postgres `text` column or query parameter.
 * Postgres cannot hold U+0000 in text (the query fails with 22021), so refuse it here as a
 * 400 instead of letting it surface as a 500.
 */
export const textSchema = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

export const personNameSchema = textSchema(1, 120);

/** URL-safe tenant handle derived from the organization name. */
export function slugify(organization: string): string {
  const slug = organization
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return slug.length >= 2 ? slug : `org-${slug}`.replace(/-$/, '');
}
