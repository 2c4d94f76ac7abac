import { workOrderTransitions, type WorkOrderStatus } from '@plantkeep/shared';
import type { Database } from '../db';

interface StatusChange {
  workOrderId: string;
  from: WorkOrderStatus | null;
  to: WorkOrderStatus;
}

/**
 * Whether each work order's audit history (audit_log; of one tenant if given) is a legal
 * path of the shared state machine (docs/SPEC.md MU-8): every recorded status
 * change is an edge of `workOrderTransitions`, starting from the status the row
 * truly had (the audit's before image is read under the row lock), and the
 * changes chain into one walk from the created status to the current one.
 * Returns one sentence per violation; empty when every history is legal.
 */
export async function statusHistoryViolations(
  db: Pick<Database, 'query'>,
  workOrderIds?: readonly string[],
  tenantId?: string,
): Promise<string[]> {
  const rows = await db.query<{
    entity_id: string;
    action: string;
    from: WorkOrderStatus | null;
    to: WorkOrderStatus | null;
  }>(
    `select entity_id, action, before->>'status' as "from", after->>'status' as "to"
       from audit_log
      where entity_type = 'work_orders' and action in ('work_orders.insert', 'work_orders.update')
        and ($1::text[] is null or entity_id = any($1::text[]))
        and ($2::uuid is null or tenant_id = $2::uuid)`,
    [workOrderIds ? [...workOrderIds] : null, tenantId ?? null],
  );
  const changes = new Map<string, StatusChange[]>();
  const violations: string[] = [];
  for (const r of rows) {
    const created = r.action === 'work_orders.insert';
    if (!created && r.from === null) {
      violations.push(`work order ${r.entity_id}: an update was audited without its before image`);
      continue;
    }
    if (r.to === null || r.from === r.to) continue;
    const list = changes.get(r.entity_id) ?? [];
    list.push({ workOrderId: r.entity_id, from: created ? null : r.from, to: r.to });
    changes.set(r.entity_id, list);
  }
  const current = new Map(
    (
      await db.query<{ id: string; status: WorkOrderStatus }>(
        `select id::text as id, status from work_orders
          where id::text = any($1::text[]) and ($2::uuid is null or tenant_id = $2::uuid)`,
        [[...changes.keys()], tenantId ?? null],
      )
    ).map((r) => [r.id, r.status]),
  );
  for (const [id, list] of changes) {
    for (const c of list) {
      if (c.from !== null && !workOrderTransitions[c.from].includes(c.to)) {
        violations.push(`work order ${id}: illegal change ${c.from} → ${c.to}`);
      }
    }
    const walk = walkViolation(list, current.get(id));
    if (walk) violations.push(`work order ${id}: ${walk}`);
  }
  return violations;
}

/**
 * The changes form one walk when each status is left as often as it is
 * entered, except the created status (left once more) and the current one
 * (entered once more) — the degree condition of an Eulerian path.
 */
function walkViolation(list: readonly StatusChange[], now: WorkOrderStatus | undefined) {
  const created = list.filter((c) => c.from === null);
  if (created.length !== 1) return `${created.length} creations recorded`;
  const balance = new Map<string, number>();
  const add = (s: string, d: number) => balance.set(s, (balance.get(s) ?? 0) + d);
  for (const c of list) {
    if (c.from !== null) add(c.from, -1);
    add(c.to, 1);
  }
  if (now !== undefined) add(now, -1);
  const off = [...balance].filter(([, d]) => d !== 0);
  return off.length === 0
    ? undefined
    : `status changes do not chain (${off.map(([s, d]) => `${s} ${d > 0 ? '+' : ''}${d}`).join(', ')})`;
}
