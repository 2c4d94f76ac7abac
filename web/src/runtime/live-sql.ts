/**
 * PGlite 0.5.1's live queries inline parameters by rewriting `$n` to `%nL`
 * and calling Postgres' format(): `%nL` is a *width*, not a position, so
 * arguments are consumed in order of appearance. A parameter used twice or
 * out of order, or a literal `%`, breaks the query ("too few arguments for
 * format()"). This rewrites a query so every placeholder appears once, in
 * order (values repeated as needed), and doubles literal percent signs.
 */
export function liveSql(
  sql: string,
  params: readonly unknown[],
): { sql: string; params: unknown[] } {
  if (params.length === 0) return { sql, params: [] };
  const out: unknown[] = [];
  const text = sql.replace(/%/g, '%%').replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length) throw new Error(`no value for $${n}`);
    out.push(params[index]);
    return `$${out.length}`;
  });
  return { sql: text, params: out };
}
