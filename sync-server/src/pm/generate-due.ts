import { createHash, randomUUID } from 'node:crypto';
import type { StepKind } from '@plantkeep/shared';
import { addStep, materializedRows, readDoc } from '@plantkeep/shared/ydoc';
import * as Y from 'yjs';
import { withTenant, type Database, type Queryable } from '../db';

/** A name-based UUID (version 8 layout) from parts: the same parts always give the same id. */
export function derivedId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The work order of a schedule's occurrence (DESIGN §3: schedule id + due date). */
export const occurrenceId = (scheduleId: string, dueOn: string) =>
  derivedId('pm-occurrence', scheduleId, dueOn);

/** The next due date after `dueOn` for the RRULE's FREQ and INTERVAL (DAILY, WEEKLY, MONTHLY, YEARLY). */
export function nextDueOn(rrule: string, dueOn: string): string {
  const parts = new Map(
    rrule
      .replace(/^RRULE:/i, '')
      .split(';')
      .map((p) => p.split('=') as [string, string]),
  );
  const interval = Math.max(1, Number(parts.get('INTERVAL') ?? 1) || 1);
  const d = new Date(`${dueOn}T00:00:00Z`);
  switch (parts.get('FREQ')) {
    case 'DAILY':
      d.setUTCDate(d.getUTCDate() + interval);
      break;
    case 'WEEKLY':
      d.setUTCDate(d.getUTCDate() + 7 * interval);
      break;
    case 'YEARLY':
      d.setUTCFullYear(d.getUTCFullYear() + interval);
      break;
    default:
      d.setUTCMonth(d.getUTCMonth() + interval);
  }
  return d.toISOString().slice(0, 10);
}

interface ScheduleRow {
  id: string;
  name: string;
  description: string | null;
  asset_id: string | null;
  location_id: string | null;
  rrule: string;
  mode: string;
  ends_on: string | null;
  work_order_type: string;
  priority: string;
  estimated_hours: string | null;
  category: string | null;
  assignee_id: string | null;
  next_due_on: string;
}

interface TemplateStep {
  id: string;
  kind: StepKind;
  title: string;
  required: boolean;
  unit: string | null;
  min_value: string | null;
  max_value: string | null;
}

const num = (v: string | null) => (v === null ? null : Number(v));

/** The occurrence's first document update: the template's steps, in order, with derived ids. */
export function templateUpdate(workOrderId: string, steps: readonly TemplateStep[]): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const s of steps) {
      addStep(doc, {
        id: derivedId('pm-step', workOrderId, s.id),
        title: s.title,
        kind: s.kind,
        required: s.required,
        unit: s.unit,
        min: num(s.min_value),
        max: num(s.max_value),
      });
    }
  });
  return Y.encodeStateAsUpdate(doc);
}

async function insertRow(tx: Queryable, table: string, row: Record<string, unknown>) {
  const columns = Object.keys(row);
  await tx.query(
    `insert into ${table} (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
    columns.map((c) => row[c]),
  );
}

async function createOccurrence(tx: Queryable, tenantId: string, s: ScheduleRow) {
  const id = occurrenceId(s.id, s.next_due_on);
  const [exists] = await tx.query(
    'select 1 from work_orders where id = $1 or (pm_schedule_id = $2 and pm_due_on = $3)',
    [id, s.id, s.next_due_on],
  );
  if (exists) return undefined;
  const [counter] = await tx.query<{ value: number }>(
    `insert into tenant_counters as c (tenant_id, name, value) values ($1, 'work_order_number', 1)
     on conflict (tenant_id, name) do update set value = c.value + 1 returning c.value`,
    [tenantId],
  );
  await insertRow(tx, 'work_orders', {
    tenant_id: tenantId,
    id,
    number: counter?.value ?? null,
    title: s.name,
    description: s.description,
    type: s.work_order_type,
    priority: s.priority,
    status: 'open',
    planned: true,
    estimated_hours: s.estimated_hours,
    due_date: `${s.next_due_on}T00:00:00Z`,
    asset_id: s.asset_id,
    location_id: s.location_id,
    category: s.category,
    pm_schedule_id: s.id,
    pm_due_on: s.next_due_on,
  });
  if (s.assignee_id) {
    await insertRow(tx, 'work_order_assignees', {
      tenant_id: tenantId,
      work_order_id: id,
      user_id: s.assignee_id,
    });
  }
  const template = await tx.query<TemplateStep>(
    `select id, kind::text as kind, title, required, unit, min_value::text, max_value::text
       from pm_schedule_steps where schedule_id = $1 order by position, id`,
    [s.id],
  );
  const update = templateUpdate(id, template);
  await insertRow(tx, 'ydoc_updates', {
    tenant_id: tenantId,
    id: randomUUID(),
    doc_id: id,
    update,
  });
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  for (const step of materializedRows(id, readDoc(doc)).steps) {
    await insertRow(tx, 'work_order_steps', { ...step, tenant_id: tenantId });
  }
  return id;
}

/**
 * Creates the work orders of every active schedule whose next occurrence is
 * within its lead time of `today` (ISO date), each with its checklist from
 * the schedule's template steps as the document's first update and as
 * materialized rows, and advances fixed schedules to their next due date
 * (floating ones wait for the completion to set it). Idempotent: an
 * occurrence's work order id derives from (schedule id, due date).
 */
export async function generateDueWorkOrders(
  db: Database,
  tenantId: string,
  today: string,
): Promise<string[]> {
  return withTenant(db, tenantId, async (tx) => {
    const created: string[] = [];
    // A schedule behind by several occurrences catches up, a bounded number per run.
    for (let round = 0; round < 50; round++) {
      const due = await tx.query<ScheduleRow>(
        `select id, name, description, asset_id, location_id, rrule, mode::text as mode, ends_on::text as ends_on,
                work_order_type::text as work_order_type, priority::text as priority,
                estimated_hours::text as estimated_hours, category, assignee_id, next_due_on::text as next_due_on
           from pm_schedules
          where active and next_due_on is not null
            and next_due_on - lead_time_days <= $1::date
            and (ends_on is null or next_due_on <= ends_on)
          order by next_due_on, id
          for update`,
        [today],
      );
      if (due.length === 0) break;
      for (const s of due) {
        const id = await createOccurrence(tx, tenantId, s);
        if (id) created.push(id);
        const next = s.mode === 'fixed' ? nextDueOn(s.rrule, s.next_due_on) : null;
        await tx.query(
          'update pm_schedules set next_due_on = $2, updated_at = now() where id = $1',
          [s.id, next],
        );
      }
    }
    return created;
  });
}

/** The hourly pass over every active tenant (finding tenants is maintenance, as the owner). */
export async function generateDueWorkOrdersForAllTenants(
  db: Database,
  today = new Date().toISOString().slice(0, 10),
): Promise<{ tenants: number; created: number }> {
  const tenants = await db.query<{ tenant_id: string }>(
    'select distinct tenant_id from pm_schedules where active and next_due_on is not null',
  );
  let created = 0;
  for (const { tenant_id: tenantId } of tenants) {
    created += (await generateDueWorkOrders(db, tenantId, today)).length;
  }
  return { tenants: tenants.length, created };
}
