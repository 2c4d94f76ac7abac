import { z } from 'zod';

/** Argument building blocks shared by every mutator (client-generated UUIDs, ISO 8601 times). */
export const id = z.string().uuid();
export const isoTime = z.string().datetime({ offset: true });
export const isoDate = z.string().date();
/** Half of a UTF-16 pair without its other half: not text; Postgres would store U+FFFD instead. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Free text: trimmed, bounded, and no NUL (Postgres text cannot hold it). */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
    .refine((s) => !loneSurrogate.test(s), 'must not contain a lone UTF-16 surrogate');
export const requiredText = (max: number) => text(max).pipe(z.string().min(1));
export const decimal = z
  .union([z.number(), z.string().regex(/^-?\d{1,12}(\.\d{1,4})?$/)])
  .transform((v) => String(v));
export const positiveDecimal = decimal.refine((v) => Number(v) > 0, 'must be greater than 0');
