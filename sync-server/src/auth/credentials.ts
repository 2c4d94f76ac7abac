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

export const personNameSchema = z.string().trim().min(1).max(120);

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
