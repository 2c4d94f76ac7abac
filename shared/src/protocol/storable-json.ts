/**
 * Makes what a client sent storable in a rejection (docs/SPEC.md MU-4): Postgres text and
 * jsonb cannot hold U+0000, jsonb refuses lone UTF-16 surrogates, and very deep values overflow
 * both JSON.stringify and Postgres' stack. Safe values are stored as they are; others as
 * `{"plantkeep:json": <their JSON text>}` (ASCII escapes, so `JSON.parse` gives the exact input
 * back), and values deeper than MAX_STORED_DEPTH as `{"plantkeep:truncated": "depth"}`.
 */

export const MAX_STORED_DEPTH = 64;
export const escapedJsonKey = 'plantkeep:json';
export const truncatedKey = 'plantkeep:truncated';

// eslint-disable-next-line no-control-regex -- U+0000 is exactly what Postgres cannot store
const unsafeText = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text that Postgres cannot store faithfully: a NUL or a lone surrogate. */
export const isUnstorableText = (s: string): boolean => unsafeText.test(s);

type Verdict = 'safe' | 'unsafe' | 'too-deep';

function inspect(value: unknown, depth: number): Verdict {
  if (depth > MAX_STORED_DEPTH) return 'too-deep';
  if (typeof value === 'string') return isUnstorableText(value) ? 'unsafe' : 'safe';
  if (typeof value !== 'object' || value === null) return 'safe';
  let verdict: Verdict = 'safe';
  const entries: [string | undefined, unknown][] = Array.isArray(value)
    ? value.map((v) => [undefined, v])
    : Object.entries(value);
  for (const [key, child] of entries) {
    if (key !== undefined && isUnstorableText(key)) verdict = 'unsafe';
    const inner = inspect(child, depth + 1);
    if (inner === 'too-deep') return inner;
    if (inner === 'unsafe') verdict = 'unsafe';
  }
  return verdict;
}

/** A JSON value jsonb accepts, from which the client's input can be recovered (see above). */
export function storableJson(value: unknown): unknown {
  const verdict = inspect(value, 0);
  if (verdict === 'safe') {
    const wrapperLike =
      typeof value === 'object' &&
      value !== null &&
      (escapedJsonKey in value || truncatedKey in value);
    return wrapperLike ? { [escapedJsonKey]: JSON.stringify(value) } : value;
  }
  if (verdict === 'too-deep') return { [truncatedKey]: 'depth' };
  return { [escapedJsonKey]: JSON.stringify(value) };
}

/** Text for a text column: NUL and lone surrogates written as `\uXXXX`. */
export function storableText(s: string, max = 200): string {
  const escaped = s.replace(
    // eslint-disable-next-line no-control-regex -- U+0000 is exactly what Postgres cannot store
    /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  // Cut by code points, so the cut cannot leave half a surrogate pair.
  return [...escaped].slice(0, max).join('');
}

/** The stored form as the client reads it back: the original value where it was kept. */
export function recoverStoredJson(stored: unknown): unknown {
  if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
    const wrapped = (stored as Record<string, unknown>)[escapedJsonKey];
    if (typeof wrapped === 'string' && Object.keys(stored).length === 1) return JSON.parse(wrapped);
  }
  return stored;
}
