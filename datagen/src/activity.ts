import type { timeLogs, workOrderComments } from '@plantkeep/shared/schema';
import type { Team, WorkOrderPlan } from './model';
import type { Rng } from './prng';
import { HOUR, iso } from './time';
import { commentBodies, replyBodies } from './vocabulary';

/**
 * What people did on a work order: the comment thread and the wrench time.
 * Comments fall between creation and close; time logs fall inside
 * [started, completed] (or up to the anchor for running jobs, whose lead
 * technician may still have a timer open).
 */

type CommentRow = typeof workOrderComments.$inferInsert;
type TimeLogRow = typeof timeLogs.$inferInsert;

export function commentRows(
  rng: Rng,
  tenantId: string,
  team: Team,
  wo: WorkOrderPlan,
  anchor: number,
): CommentRow[] {
  const { life } = wo;
  const count = Math.min(5, rng.poisson(life.status === 'requested' ? 0.3 : 1.1));
  if (count === 0) return [];
  const close = life.completedAt ?? life.cancelledAt ?? anchor;
  const staff = [...wo.assignees, team.supervisor];
  const times = Array.from(
    { length: count },
    () => life.createdAt + rng.next() * (close - life.createdAt),
  ).sort((a, b) => a - b);
  const rows: CommentRow[] = [];
  for (const at of times) {
    const first = rows[0];
    const isReply = first !== undefined && rng.chance(0.25);
    const author = wo.requester && rng.chance(0.2) ? wo.requester : rng.pick(staff);
    const fromStaff = author !== wo.requester;
    rows.push({
      tenantId,
      id: rng.uuid(),
      workOrderId: wo.id,
      parentId: isReply ? first.id : null,
      authorId: author.id,
      body: rng.pick(isReply ? replyBodies : commentBodies),
      internal: fromStaff && rng.chance(0.2),
      deleted: rng.chance(0.01),
      mentions:
        fromStaff && author !== team.supervisor && rng.chance(0.1) ? [team.supervisor.id] : [],
      createdAt: iso(at),
      updatedAt: iso(at),
    });
  }
  return rows;
}

export function timeLogRows(
  rng: Rng,
  tenantId: string,
  wo: WorkOrderPlan,
  anchor: number,
): TimeLogRow[] {
  const { life } = wo;
  const start = life.startedAt;
  if (start === undefined) return [];
  const finished = life.workEndedAt !== undefined;
  const end = life.workEndedAt ?? anchor;
  const rows: TimeLogRow[] = [];
  wo.assignees.forEach((person, index) => {
    let hours = life.actualHours * (index === 0 ? 1 : rng.float(0.4, 0.8));
    if (!finished) hours *= rng.float(0.2, 0.8);
    const segments = hours <= 3 ? 1 : rng.int(1, 3);
    const window = (end - start) / segments;
    const length = Math.min((hours / segments) * HOUR, window * 0.95);
    for (let s = 0; s < segments; s++) {
      const from = start + s * window + rng.next() * (window - length);
      // A lead technician on a job started today may have the timer running.
      const running =
        !finished &&
        life.status === 'in_progress' &&
        index === 0 &&
        s === segments - 1 &&
        anchor - start < 12 * HOUR &&
        rng.chance(0.5);
      rows.push({
        tenantId,
        id: rng.uuid(),
        workOrderId: wo.id,
        userId: person.id,
        startedAt: iso(from),
        endedAt: running ? null : iso(from + length),
        note: rng.chance(0.1)
          ? rng.pick(['Diagnosis', 'Repair', 'Testing', 'Waiting on isolation'])
          : null,
        createdAt: iso(from),
      });
    }
  });
  return rows;
}
