import { byteaBytes, docFromUpdates, materializedRows, readDoc } from '@plantkeep/shared/ydoc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { testDatabases } from '../testing/databases';
import { seedTenant } from './index';

/** Seeded work still to be done has a document, and its rows are the document's (SPEC YD-6). */
describe.each(testDatabases)('seeded work-order documents on $name', (target) => {
  let db: Database;
  let tenant: string;

  beforeAll(async () => {
    db = await target.open();
    tenant = (await seedTenant(db, { scale: 0.05, seed: 3, slug: 'docs', name: 'Docs' })).tenantId;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('YD-6: every unfinished work order with steps has one document equal to its rows', async () => {
    const orders = await db.query<{ id: string; status: string; n: number }>(
      `select w.id, w.status::text as status,
              (select count(*)::int from ydoc_updates u where u.tenant_id = w.tenant_id and u.doc_id = w.id) as n
         from work_orders w
        where w.tenant_id = $1
          and exists (select 1 from work_order_steps s where s.tenant_id = w.tenant_id and s.work_order_id = w.id)`,
      [tenant],
    );
    const open = orders.filter((o) =>
      ['requested', 'open', 'in_progress', 'on_hold'].includes(o.status),
    );
    expect(open.length).toBeGreaterThan(0);
    for (const o of orders) expect(o.n).toBe(open.includes(o) ? 1 : 0);
    for (const o of open) {
      const [row] = await db.query<{ update: Uint8Array }>(
        'select update from ydoc_updates where tenant_id = $1 and doc_id = $2',
        [tenant, o.id],
      );
      const reading = readDoc(docFromUpdates([byteaBytes(row?.update)]));
      expect(reading.problems).toEqual([]);
      const fromDoc = materializedRows(o.id, reading);
      const steps = await db.query<Record<string, unknown>>(
        `select id, position, title, kind::text as kind, required, done, value, unit,
                min_value::float8 as min_value, max_value::float8 as max_value, done_by, done_at, notes
           from work_order_steps where tenant_id = $1 and work_order_id = $2 order by position`,
        [tenant, o.id],
      );
      expect(
        steps.map((s) => ({
          ...s,
          done_at: s.done_at instanceof Date ? s.done_at.getTime() : null,
        })),
      ).toEqual(
        fromDoc.steps.map((s) => ({
          id: s.id,
          position: s.position,
          title: s.title,
          kind: s.kind,
          required: s.required,
          done: s.done,
          value: s.value,
          unit: s.unit,
          min_value: s.min_value,
          max_value: s.max_value,
          done_by: s.done_by,
          done_at: typeof s.done_at === 'string' ? Date.parse(s.done_at) : null,
          notes: s.notes,
        })),
      );
      const comments = await db.query<{ id: string; body: string }>(
        'select id, body from work_order_comments where tenant_id = $1 and work_order_id = $2 order by created_at, id',
        [tenant, o.id],
      );
      expect(new Set(comments.map((c) => `${c.id}:${c.body}`))).toEqual(
        new Set(fromDoc.comments.map((c) => `${String(c.id)}:${String(c.body)}`)),
      );
    }
  });
});
