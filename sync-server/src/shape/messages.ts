/** Electric shape-protocol messages (docs/SPEC.md SH-4). Values are Postgres text forms or null. */
export type Row = Record<string, string | null>;

export interface ChangeMessage {
  key: string;
  value: Row;
  headers: {
    operation: 'insert' | 'update' | 'delete';
    relation: [string, string];
    lsn?: string;
    op_position?: number;
    txids?: number[];
    last?: boolean;
  };
}

export interface ControlMessage {
  headers: Record<string, string | string[]> & { control: string };
}

export type Message = ChangeMessage | ControlMessage;

/** The row key Electric uses: `"public"."table"/"pk1"/"pk2"`. */
export function rowKey(table: string, primaryKey: readonly string[], row: Row): string {
  const parts = primaryKey.map(
    (c) => `"${(row[c] ?? '').replace(/\//g, '//').replace(/"/g, '""')}"`,
  );
  return [`"public"."${table}"`, ...parts].join('/');
}

export function pick(row: Row, columns: readonly string[]): Row {
  const out: Row = {};
  for (const c of columns) out[c] = row[c] ?? null;
  return out;
}

export const upToDate = (globalLastSeenLsn: bigint | string): ControlMessage => ({
  headers: { control: 'up-to-date', global_last_seen_lsn: String(globalLastSeenLsn) },
});

export const snapshotEnd = (xmin: string, xmax: string, xipList: string[]): ControlMessage => ({
  headers: { control: 'snapshot-end', xmin, xmax, xip_list: xipList },
});

export const mustRefetch: ControlMessage[] = [{ headers: { control: 'must-refetch' } }];
