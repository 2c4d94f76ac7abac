import { PGlite } from '@electric-sql/pglite';
import { live } from '@electric-sql/pglite/live';
import { describe, expect, it } from 'vitest';
import { liveSql } from './live-sql';

describe('liveSql', () => {
  it('numbers placeholders in order of appearance, repeating values', () => {
    expect(liveSql('select $2, $1, $2', ['a', 'b'])).toEqual({
      sql: 'select $1, $2, $3',
      params: ['b', 'a', 'b'],
    });
  });

  it('escapes literal percent signs only when parameters are inlined', () => {
    expect(liveSql("select '%' || $1", ['x']).sql).toBe("select '%%' || $1");
    expect(liveSql("select '%'", []).sql).toBe("select '%'");
  });

  it('refuses a placeholder without a value', () => {
    expect(() => liveSql('select $2', ['a'])).toThrow('no value for $2');
  });

  it('makes repeated parameters and percent signs work in PGlite live queries', async () => {
    const pg = await PGlite.create({ extensions: { live } });
    try {
      await pg.exec(
        "create table t (name text); insert into t values ('pump'), ('Pump room'), ('fan');",
      );
      const { sql, params } = liveSql(
        `select name from t where ($1 = '' or strpos(lower(name), lower($1)) > 0)
           and name not like '%an' order by name`,
        ['pump'],
      );
      const result = await pg.live.query<{ name: string }>(sql, params);
      expect(result.initialResults.rows.map((r) => r.name)).toEqual(['Pump room', 'pump']);
      await result.unsubscribe();
    } finally {
      await pg.close();
    }
  });
});
