import { randomUUID } from 'node:crypto';
import {
  byteaBytes,
  captureUpdate,
  docFromUpdates,
  readDoc,
  tickStep,
  toBase64,
} from '@plantkeep/shared/ydoc';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../testing/databases';
import { mutationServer } from '../testing/mutation-fixture';
import {
  generateDueWorkOrders,
  generateDueWorkOrdersForAllTenants,
  nextDueOn,
  occurrenceId,
} from './generate-due';

describe.each(testDatabases)('PM work orders from schedules on $name', (target) => {
  const server = mutationServer(target, { signIn: ['Technician'] });
  const schedule = randomUUID();
  const template = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    const { db, acme } = server;
    await db.query(
      `insert into pm_schedules (tenant_id, id, name, rrule, starts_on, mode, lead_time_days, assignee_id, next_due_on)
       values ($1, $2, 'Monthly pump check', 'FREQ=MONTHLY;INTERVAL=1', '2026-01-10', 'fixed', 7, $3, '2026-12-01')`,
      [acme.id, schedule, acme.users.Technician.id],
    );
    const steps = [
      ['check', 'Isolate pump', true, null, null, null],
      ['measurement', 'Discharge pressure', true, 'bar', '2.5', '4'],
      ['pass_fail', 'No leaks', false, null, null, null],
    ] as const;
    for (const [i, [kind, title, required, unit, min, max]] of steps.entries()) {
      await db.query(
        `insert into pm_schedule_steps (tenant_id, id, schedule_id, position, kind, title, required, unit, min_value, max_value)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [acme.id, template[i], schedule, i, kind, title, required, unit, min, max],
      );
    }
  });

  it('YD-8: a generated occurrence gets its steps from the template, as its first document update and as rows', async () => {
    const { db, acme } = server;
    expect(await generateDueWorkOrders(db, acme.id, '2026-11-20')).toEqual([]);
    const created = await generateDueWorkOrders(db, acme.id, '2026-11-24');
    const wo = occurrenceId(schedule, '2026-12-01');
    expect(created).toEqual([wo]);
    const [order] = await db.query<{ pm_due_on: string; planned: boolean; number: number }>(
      'select pm_due_on::text, planned, number from work_orders where id = $1',
      [wo],
    );
    expect(order).toMatchObject({ pm_due_on: '2026-12-01', planned: true });
    const updates = await db.query<{ update: unknown }>(
      'select update from ydoc_updates where doc_id = $1',
      [wo],
    );
    const reading = readDoc(docFromUpdates(updates.map((u) => byteaBytes(u.update))));
    expect(reading.problems).toEqual([]);
    expect(reading.steps.map((s) => [s.title, s.kind, s.required, s.unit, s.min, s.max])).toEqual([
      ['Isolate pump', 'check', true, null, null, null],
      ['Discharge pressure', 'measurement', true, 'bar', 2.5, 4],
      ['No leaks', 'pass_fail', false, null, null, null],
    ]);
    const rows = await db.query<{ id: string; title: string; position: number }>(
      'select id, title, position from work_order_steps where work_order_id = $1 order by position',
      [wo],
    );
    expect(rows.map((r) => r.id)).toEqual(reading.steps.map((s) => s.id));
    const [next] = await db.query<{ next_due_on: string }>(
      'select next_due_on::text from pm_schedules where id = $1',
      [schedule],
    );
    expect(next?.next_due_on).toBe('2027-01-01');
    // Running again (the hourly pass) creates nothing new (the occurrence id is derived).
    expect(await generateDueWorkOrdersForAllTenants(db, '2026-11-24')).toEqual({
      tenants: 1,
      created: 0,
    });
    // A month later, the next occurrence.
    expect(await generateDueWorkOrdersForAllTenants(db, '2026-12-26')).toEqual({
      tenants: 1,
      created: 1,
    });

    // The assigned technician ticks a template step through ydoc.update.
    const doc = docFromUpdates(updates.map((u) => byteaBytes(u.update)));
    const update = captureUpdate(doc, (d) =>
      tickStep(d, reading.steps[0]?.id ?? '', {
        userId: acme.users.Technician.id,
        at: '2026-11-30T08:00:00Z',
      }),
    );
    const result = await server
      .device('Technician')
      .sendOne('ydoc.update', { docId: wo, update: toBase64(update ?? new Uint8Array()) });
    expect(result.status).toBe('applied');
    const [ticked] = await db.query<{ done: boolean }>(
      'select done from work_order_steps where id = $1',
      [reading.steps[0]?.id],
    );
    expect(ticked?.done).toBe(true);
  });

  it('YD-8: next due dates follow FREQ and INTERVAL', () => {
    expect(nextDueOn('FREQ=WEEKLY;INTERVAL=2', '2026-12-01')).toBe('2026-12-15');
    expect(nextDueOn('FREQ=MONTHLY;INTERVAL=3', '2026-11-28')).toBe('2027-02-28');
    expect(nextDueOn('FREQ=YEARLY', '2026-03-01')).toBe('2027-03-01');
    expect(nextDueOn('RRULE:FREQ=DAILY;INTERVAL=10', '2026-12-25')).toBe('2027-01-04');
  });
});
