import { getTableName } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { SeedOptions } from './context';
import { generateTenant } from './generate';
import { Rng } from './prng';

/** Generation without a database: sizes, reproducibility and seed sensitivity. */

function generate(options: SeedOptions): Map<string, object[]> {
  const tables = new Map<string, object[]>();
  for (const { table, rows } of generateTenant(options, 'scrypt$hash')) {
    const name = getTableName(table);
    tables.set(name, [...(tables.get(name) ?? []), ...rows]);
  }
  return tables;
}

const small: SeedOptions = { scale: 0.05, seed: 7, slug: 'gen-test', name: 'Gen Test' };

describe('generateTenant', () => {
  it('produces the demo size at scale 1 (≈500 assets, ≈5,000 work orders)', () => {
    const counts = new Map<string, number>();
    for (const { table, rows } of generateTenant({ ...small, scale: 1 }, 'x')) {
      counts.set(getTableName(table), (counts.get(getTableName(table)) ?? 0) + rows.length);
    }
    expect(counts.get('assets')).toBeGreaterThanOrEqual(400);
    expect(counts.get('assets')).toBeLessThanOrEqual(600);
    expect(counts.get('work_orders')).toBeGreaterThanOrEqual(4000);
    expect(counts.get('work_orders')).toBeLessThanOrEqual(6000);
    // Technicians scale with size: the two demo ones plus 8 × scale.
    expect(counts.get('users')).toBe(5 + 8);
  });

  it('is reproducible: the same options give identical rows', () => {
    expect(JSON.stringify([...generate(small)])).toBe(JSON.stringify([...generate(small)]));
  });

  it('changes with the seed', () => {
    const a = generate(small).get('work_orders') as { id: string; title: string }[];
    const b = generate({ ...small, seed: 8 }).get('work_orders') as { id: string; title: string }[];
    expect(a.map((r) => r.id)).not.toEqual(b.map((r) => r.id));
    expect(a.map((r) => r.title)).not.toEqual(b.map((r) => r.title));
  });

  it('derives timestamps from the anchor, not the clock', () => {
    const anchor = '2030-06-01T00:00:00Z';
    const orders = generate({ ...small, anchor }).get('work_orders') as { createdAt: string }[];
    const latest =
      orders
        .map((o) => o.createdAt)
        .sort()
        .at(-1) ?? '';
    expect(latest <= '2030-06-01T00:00:00.000Z').toBe(true);
    expect(latest >= '2030-05-01').toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => generate({ ...small, scale: 0 })).toThrow(/scale/);
    expect(() => generate({ ...small, slug: 'Not A Slug' })).toThrow(/slug/);
    expect(() => generate({ ...small, anchor: 'yesterday' })).toThrow(/anchor/);
  });
});

describe('Rng', () => {
  it('repeats its stream for the same key and formats v4 UUIDs', () => {
    const a = new Rng('k');
    const b = new Rng('k');
    const ids = Array.from({ length: 50 }, () => a.uuid());
    expect(ids).toEqual(Array.from({ length: 50 }, () => b.uuid()));
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps forks independent of the parent stream position', () => {
    const a = new Rng('k');
    a.next();
    expect(a.fork('x').u32()).toBe(new Rng('k').fork('x').u32());
  });

  it('stays within bounds', () => {
    const rng = new Rng('bounds');
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
      expect(['a', 'b']).toContain(rng.weighted({ a: 1, b: 2, c: 0 }));
    }
  });
});
