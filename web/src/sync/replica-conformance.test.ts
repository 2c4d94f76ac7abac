import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { electricSync } from '@electric-sql/pglite-sync';
import { quoteIdent, rowTextSql, textFormSettings } from '@plantkeep/migrations';
import { syncedTableRef } from '@plantkeep/migrations/replica';
import { isSyncedTable, syncedTables, type SyncedTable } from '@plantkeep/shared';
import { testDatabases } from '@plantkeep/sync-server/testing';
import { describe, expect, it } from 'vitest';
import { appTables, tablesToSync } from '../db/worker-meta';
import { prepareReplica } from './replica';
import { syncReplica } from './sync-replica';
import { deviceServer } from './testing/device-server';

/**
 * Shape conformance against the app's own replica: every table the app
 * syncs (`appTables`) is synced from the real server with the app's
 * `syncReplica` (pglite-sync, unchanged) into a PGlite prepared by the app's
 * `prepareReplica`, and compared column by column with the server's rows.
 * The rows come from the server's catalog: every column of every table gets
 * a value (and, where nullable, a null), so a column type, a missing column
 * or a name the replica's layout gets wrong fails here rather than on a
 * device.
 */

type Db = ReturnType<typeof deviceServer>['db'];
type Queryable = Parameters<Parameters<Db['transaction']>[0]>[0];

interface Column {
  name: string;
  /** format_type, e.g. `numeric(14,2)`, `uuid[]`. */
  type: string;
  notNull: boolean;
  primaryKey: boolean;
  /** Labels when the column (or its array element) is an enum. */
  labels: string[] | null;
  array: boolean;
  hidden: boolean;
}

interface ForeignKey {
  parent: string;
  /** (column, referenced column) pairs, without tenant_id. */
  pairs: [string, string][];
}

interface Table {
  name: string;
  columns: Column[];
  foreignKeys: ForeignKey[];
}

/** The server catalog's view of a table: its columns, types, key and references. */
async function loadTable(db: Db, name: string): Promise<Table> {
  const entry: SyncedTable | undefined = isSyncedTable(name) ? syncedTables[name] : undefined;
  const hiddenColumns: readonly string[] = entry?.hiddenColumns ?? [];
  const columns = await db.query<{
    name: string;
    type: string;
    not_null: boolean;
    pk: boolean;
    labels: string[] | null;
    array: boolean;
  }>(
    `select a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type,
            a.attnotnull as not_null,
            exists (select 1 from pg_index i where i.indrelid = a.attrelid and i.indisprimary
                     and a.attnum = any(i.indkey)) as pk,
            (select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_enum e
              where e.enumtypid = case when t.typcategory = 'A' then t.typelem else t.oid end) as labels,
            t.typcategory = 'A' as array
       from pg_attribute a join pg_type t on t.oid = a.atttypid
      where a.attrelid = ('public.' || quote_ident($1))::regclass and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [name],
  );
  const fks = await db.query<{ parent: string; columns: string[]; refs: string[] }>(
    `select (select relname::text from pg_class where oid = c.confrelid) as parent,
            array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
                    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as columns,
            array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i)
                    join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as refs
       from pg_constraint c
      where c.contype = 'f' and c.conrelid = ('public.' || quote_ident($1))::regclass`,
    [name],
  );
  return {
    name,
    columns: columns.map((c) => ({
      name: c.name,
      type: c.type,
      notNull: c.not_null,
      primaryKey: c.pk,
      labels: c.labels,
      array: c.array,
      hidden: hiddenColumns.includes(c.name),
    })),
    foreignKeys: fks
      .filter((fk) => fk.parent !== 'tenants')
      .map((fk) => ({
        parent: fk.parent,
        pairs: fk.columns
          .map((c, i) => [c, fk.refs[i] ?? ''] as [string, string])
          .filter(([c]) => c !== 'tenant_id'),
      })),
  };
}

/** The app's tables and every table they reference, parents first. */
async function loadTables(db: Db, names: readonly string[]): Promise<Table[]> {
  const byName = new Map<string, Table>();
  const pending = [...names];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (byName.has(name)) continue;
    const table = await loadTable(db, name);
    byName.set(name, table);
    pending.push(...table.foreignKeys.map((fk) => fk.parent));
  }
  const ordered: Table[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.some((t) => t.name === name)) return;
    if (path.includes(name)) throw new Error(`reference cycle ${[...path, name].join(' → ')}`);
    const table = byName.get(name) as Table;
    for (const fk of table.foreignKeys) if (fk.parent !== name) visit(fk.parent, [...path, name]);
    ordered.push(table);
  };
  for (const name of [...byName.keys()].sort()) visit(name, []);
  return ordered;
}

/** The replica column type that holds a server column: its own, but enums and bytea as text (YD-7). */
function replicaType(column: Column): string {
  if (column.labels) return column.array ? 'text[]' : 'text';
  if (column.type === 'bytea') return 'text';
  return column.type;
}

const DAY = 86_400_000;
const hard = `it's "quoted", back\\slash, {brace,comma} ü 🛠\nnew line\ttab`;

/** Text form of a non-null value of `type` for row `n`: the widest values the type holds. */
function valueOf(column: Column, n: number): string {
  const { type } = column;
  if (column.labels) {
    const label = (i: number) => column.labels?.[(n + i) % column.labels.length] ?? '';
    return column.array ? `{${label(0)},${label(1)}}` : label(0);
  }
  const precision = /^numeric\((\d+),(\d+)\)$/.exec(type);
  if (precision) {
    const [p, s] = [Number(precision[1]), Number(precision[2])];
    const digits = `${(n % 9) + 1}${'2345678901'.repeat(4)}`.slice(0, p);
    return s === 0 ? digits : `${digits.slice(0, p - s) || '0'}.${digits.slice(p - s)}`;
  }
  switch (type) {
    case 'text':
      return `${column.name} ${n}: ${hard}`;
    case 'uuid':
      return randomUUID();
    case 'uuid[]':
      return n === 0 ? '{}' : `{${randomUUID()},${randomUUID()}}`;
    case 'timestamp with time zone':
      return `${new Date(Date.UTC(2024, 1, 29, 23, 59, 59) + n * DAY).toISOString().slice(0, 19)}.123456Z`;
    case 'date':
      return new Date(Date.UTC(2024, 1, 29) + n * DAY).toISOString().slice(0, 10);
    case 'numeric':
      return `-${n + 1}2345678901234567890.123456789012345678901234567890`;
    case 'integer':
      return String(2147483647 - n);
    case 'bigint':
      return (9223372036854775807n - BigInt(n)).toString();
    case 'boolean':
      return n % 2 === 1 ? 'true' : 'false';
    case 'jsonb':
      // Numbers within double precision: Electric's client parses jsonb with JSON.parse, so
      // wider ones reach any replica rounded (a client limit, not the layout's).
      return JSON.stringify({ n, text: hard, nested: [1, 2.5, -1e-7, true, null, { a: [] }] });
    case 'bytea':
      return `\\x00ff5c27227b7d2c0a${n.toString(16).padStart(2, '0')}`;
    default:
      throw new Error(`no test value for ${column.name} ${type}: add one`);
  }
}

type Row = Record<string, string | null>;

/** A transaction on either side: the server's database or the replica. */
interface Reader {
  query(sql: string, params: unknown[]): Promise<{ row: string }[]>;
}

describe.each(testDatabases)(
  "the app's replica holds every shape the server sends ($name)",
  (target) => {
    const backend = deviceServer(target, { liveTimeoutMs: 300 });

    it('SH-1, LQ-1, YD-7: every synced table the app reads has exactly the columns the server sends, in types that hold them', async () => {
      const tables = await loadTables(backend.db, appTables);
      const pg = await PGlite.create();
      try {
        await prepareReplica(pg);
        for (const table of tables.filter((t) =>
          (appTables as readonly string[]).includes(t.name),
        )) {
          const sent = table.columns.filter((c) => !c.hidden);
          const columns = async (relation: string) =>
            (
              await pg.query<{ name: string; type: string }>(
                `select a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type
                 from pg_attribute a
                where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
                order by a.attnum`,
                [relation],
              )
            ).rows;
          const synced = await columns(syncedTableRef(table.name));
          const view = await columns(`public.${quoteIdent(table.name)}`);
          const expected = sent.map((c) => ({ name: c.name, type: replicaType(c) }));
          const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
          expect(
            [...synced].sort(byName),
            `${table.name}: the synced table pglite-sync writes`,
          ).toEqual([...expected].sort(byName));
          expect(
            view.map((c) => c.name).sort(),
            `${table.name}: the public view the app reads`,
          ).toEqual(expected.map((c) => c.name).sort());
        }
      } finally {
        await pg.close();
      }
    });

    it('SH-1, SH-4, SH-5, SH-6, SL-1, LQ-1, YD-7: every row and column of every app table, as snapshot and as changes, lands in the replica equal to the server', async () => {
      const { db, app, acme } = backend;
      const session = await backend.session(acme.users.Admin.email);
      const allowedRes = await app.request('/v1/sync/tables', {
        headers: { authorization: `Bearer ${session.accessToken}` },
      });
      const allowed = ((await allowedRes.json()) as { data: { table: string }[] }).data;
      const synced = tablesToSync(allowed.map((t) => t.table));
      // An admin syncs everything the app reads: no table may drop out of the comparison.
      expect(synced).toEqual([...appTables]);

      const clientId = randomUUID();
      const tables = await loadTables(db, appTables);
      const appOrder = tables.filter((t) => synced.includes(t.name));
      /** Own-client shapes (SH-1) carry this device's rows only; sync_clients has exactly one. */
      const ownClient = new Set(['sync_clients', 'mutation_rejections']);
      const singleRow = new Set(['sync_clients']);

      /** Rows written so far, per table and row number, in text form. */
      const written = new Map<string, Map<number, Row>>(tables.map((t) => [t.name, new Map()]));
      /**
       * Row `n` of `table`: `full` fills every column, otherwise nullable columns
       * are null. References point at row 0 of the parent (`selfRow` for the
       * table itself), key columns that reference a parent at its row `n`.
       * Without `keys`, the primary-key columns are left out (an update's values).
       */
      const rowOf = (table: Table, n: number, full: boolean, selfRow = 0, keys = true): Row => {
        const row: Row = {};
        for (const column of table.columns) {
          if (column.primaryKey && !keys) continue;
          const fk = table.foreignKeys.find((f) => f.pairs.some(([c]) => c === column.name));
          if (column.name === 'tenant_id') row[column.name] = acme.id;
          else if (ownClient.has(table.name) && column.name === 'client_id')
            row[column.name] = clientId;
          else if (ownClient.has(table.name) && column.name === 'user_id')
            row[column.name] = acme.users.Admin.id;
          else if (!full && !column.notNull) row[column.name] = null;
          else if (fk) {
            const ref = fk.pairs.find(([c]) => c === column.name)?.[1] ?? '';
            const parentRow = column.primaryKey ? n : fk.parent === table.name ? selfRow : 0;
            const parent = written.get(fk.parent)?.get(parentRow);
            if (!parent)
              throw new Error(`${table.name}.${column.name}: no ${fk.parent} row ${parentRow}`);
            row[column.name] = parent[ref] ?? null;
          } else row[column.name] = valueOf(column, n);
        }
        // The ledger's check: a count, and only a count, carries the counted quantity.
        if (table.name === 'inventory_movements')
          row.kind = row.counted_quantity === null ? 'receive' : 'count';
        // A file syncs with what it is attached to (VI-4): attach these to an asset, which the admin reads.
        if (table.name === 'attachments') row.owner_type = 'asset';
        return row;
      };
      const cast = (table: Table, i: number, name: string) =>
        `$${i}::text::${table.columns.find((c) => c.name === name)?.type ?? 'text'}`;
      const insert = async (tx: Queryable, table: Table, n: number, full: boolean) => {
        if (singleRow.has(table.name) && n > 0) return;
        const row = rowOf(table, n, full);
        const names = Object.keys(row);
        await tx.query(
          `insert into ${quoteIdent(table.name)} (${names.map(quoteIdent).join(', ')})
         values (${names.map((c, i) => cast(table, i + 1, c)).join(', ')})`,
          names.map((c) => row[c]),
        );
        written.get(table.name)?.set(n, row);
      };
      const update = async (tx: Queryable, table: Table, n: number, values: Row) => {
        const key = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
        const names = Object.keys(values).filter((c) => !key.includes(c));
        const row = written.get(table.name)?.get(n) as Row;
        await tx.query(
          `update ${quoteIdent(table.name)} set ${names
            .map((c, i) => `${quoteIdent(c)} = ${cast(table, i + 1, c)}`)
            .join(', ')}
          where ${key.map((c, i) => `${quoteIdent(c)} = ${cast(table, names.length + i + 1, c)}`).join(' and ')}`,
          [...names.map((c) => values[c]), ...key.map((c) => row[c])],
        );
        written
          .get(table.name)
          ?.set(n, { ...row, ...Object.fromEntries(names.map((c) => [c, values[c] ?? null])) });
      };

      // The snapshot: row 0 with nulls, row 1 with every column filled, in every table.
      await db.transaction(async (tx) => {
        for (const table of tables) await insert(tx, table, 0, false);
        for (const table of tables) await insert(tx, table, 1, true);
      });

      /** Each shape's rows as text, read in one transaction: on the server as the owner (the source of truth), in the replica through the app's views. */
      const readRows = async (q: Reader) => {
        for (const [name, value] of Object.entries(textFormSettings))
          await q.query('select set_config($1, $2, true)', [name, value]);
        const out: Record<string, Row[]> = {};
        for (const table of appOrder) {
          const columns = table.columns.filter((c) => !c.hidden).map((c) => c.name);
          const own = ownClient.has(table.name);
          const rows = await q.query(
            `select (${rowTextSql('t', columns)})::text as row from public.${quoteIdent(table.name)} t
            where t.tenant_id = $1 ${own ? 'and t.client_id = $2 and t.user_id = $3' : ''}`,
            own ? [acme.id, clientId, acme.users.Admin.id] : [acme.id],
          );
          out[table.name] = rows
            .map((r) => r.row)
            .sort()
            .map((text) => JSON.parse(text) as Row);
        }
        return out;
      };
      const serverRows = () =>
        db.transaction((tx) =>
          readRows({ query: (sql, params) => tx.query<{ row: string }>(sql, params) }),
        );

      const pg = await PGlite.create({ extensions: { sync: electricSync() } });
      await prepareReplica(pg);
      const errors: unknown[] = [];
      // A value the replica cannot take fails pglite-sync's commit inside its stream
      // subscriber, which surfaces as an unhandled rejection (Vitest reports it too).
      const unhandled = (reason: unknown) => errors.push(reason);
      process.on('unhandledRejection', unhandled);
      const sync = await syncReplica(pg, {
        baseUrl: 'http://plantkeep.test',
        tables: synced,
        clientId,
        accessToken: () => session.accessToken,
        key: `conformance-${clientId}`,
        fetchClient: (input, init) => Promise.resolve(app.request(new Request(input, init))),
        onError: (error) => errors.push(error),
      });
      const replicaRows = () =>
        pg.transaction((tx) =>
          readRows({
            query: async (sql, params) => (await tx.query<{ row: string }>(sql, params)).rows,
          }),
        );

      /** What the comparisons covered: per column, whether a value and a null were seen. */
      const seen = new Map<string, { value: boolean; null: boolean }>();
      const converges = async (what: string) => {
        let server: Record<string, Row[]> = {};
        let local: Record<string, Row[]> = {};
        // Until equal, a sync error, or an up-to-date replica that stays unequal for 80 polls.
        for (let attempt = 0, still = 0; attempt < 400 && still < 80; attempt++) {
          if (errors.length > 0) break;
          const before = JSON.stringify(local);
          server = await serverRows();
          local = await replicaRows();
          if (sync.isUpToDate && JSON.stringify(server) === JSON.stringify(local)) break;
          still = sync.isUpToDate && JSON.stringify(local) === before ? still + 1 : 0;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        expect(errors, `${what}: pglite-sync applied every change`).toEqual([]);
        for (const table of appOrder) {
          expect(
            local[table.name],
            `${what}: ${table.name} in the replica equals the server`,
          ).toEqual(server[table.name]);
          for (const row of server[table.name] ?? []) {
            for (const [column, value] of Object.entries(row)) {
              const key = `${table.name}.${column}`;
              const s = seen.get(key) ?? { value: false, null: false };
              if (value === null) s.null = true;
              else s.value = true;
              seen.set(key, s);
            }
          }
        }
      };

      try {
        await converges('initial snapshot');

        // Changes through the log: inserts, every column of one row updated, another row's
        // nullable columns set to null, deletes.
        await db.transaction(async (tx) => {
          for (const table of tables) await insert(tx, table, 2, true);
          for (const table of tables) await insert(tx, table, 3, false);
        });
        await db.transaction(async (tx) => {
          for (const table of appOrder) {
            await update(tx, table, 0, rowOf(table, 4, true, 1, false));
            if (singleRow.has(table.name)) continue;
            const nulls = Object.fromEntries(
              table.columns.filter((c) => !c.notNull).map((c) => [c.name, null]),
            );
            if (Object.keys(nulls).length > 0) await update(tx, table, 1, nulls);
          }
        });
        await db.transaction(async (tx) => {
          for (const table of [...appOrder].reverse()) {
            if (singleRow.has(table.name)) continue;
            const row = written.get(table.name)?.get(3) as Row;
            const key = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
            await tx.query(
              `delete from ${quoteIdent(table.name)} where ${key
                .map((c, i) => `${quoteIdent(c)} = ${cast(table, i + 1, c)}`)
                .join(' and ')}`,
              key.map((c) => row[c]),
            );
          }
        });
        await converges('after inserts, updates and deletes');
      } finally {
        sync.unsubscribe();
        process.off('unhandledRejection', unhandled);
        await pg.close();
      }

      // The data really exercised every column: a value, and a null wherever the column allows one.
      const uncovered = appOrder.flatMap((table) =>
        table.columns
          .filter((c) => !c.hidden)
          .flatMap((c) => {
            const s = seen.get(`${table.name}.${c.name}`);
            return [
              ...(s?.value ? [] : [`${table.name}.${c.name}: no value`]),
              ...(c.notNull || s?.null ? [] : [`${table.name}.${c.name}: no null`]),
            ];
          }),
      );
      expect(uncovered).toEqual([]);
    });
  },
);
