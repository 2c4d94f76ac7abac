/** Quotes an identifier that comes from the catalog or our own schema (never from a request). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;
