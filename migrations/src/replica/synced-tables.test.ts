import { PGlite } from '@electric-sql/pglite';
import { syncedTableNames } from '@plantkeep/shared';
import { describe, expect, it } from 'vitest';
import { replicaTables, replicaTablesSql, syncedTableName } from './synced-tables';

describe('replica schema', () => {
  it('creates every synced table in a fresh PGlite, idempotently', async () => {
    const pg = await PGlite.create();
    for (let run = 0; run < 2; run++) {
      for (const statement of replicaTablesSql()) await pg.exec(statement);
    }
    const { rows } = await pg.query<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = 'synced' order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual(syncedTableNames.map(syncedTableName).sort());
    await pg.close();
  });

  it('never includes hidden columns and keeps the server primary keys', () => {
    const users = replicaTables().find((t) => t.name === 'users');
    expect(users?.columns.map((c) => c.name)).not.toContain('password_hash');
    expect(users?.primaryKey).toEqual(['tenant_id', 'id']);
    const assignees = replicaTables().find((t) => t.name === 'work_order_assignees');
    expect(assignees?.primaryKey).toEqual(['tenant_id', 'work_order_id', 'user_id']);
  });
});
