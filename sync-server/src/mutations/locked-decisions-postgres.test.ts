import { randomUUID } from 'node:crypto';
import { sameValue, workOrderTransitions, type WorkOrderStatus } from '@plantkeep/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import type { Database } from '../db';
import { buildTestApp, createTestTenant, loginAs, type TestTenant } from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import { mutationClient, type MutationClient } from '../testing/mutation-fixture';
import { statusHistoryViolations } from '../testing/status-history';

/**
 * MU-8 on a real Postgres (PGlite has one connection and cannot race): eight
 * devices of five users flush at the same moment over the same two work
 * orders, round after round. Every device decides from the same snapshot (the
 * `seen` values and the transition it picks are legal on it), so without a
 * locking read two of them pass their check against a row the other is
 * changing. Replay: RACE_SEED=<seed>; RACE_ROUNDS raises the number of rounds.
 * vitest.config.ts includes this file only when TEST_DATABASE_URL is set.
 */

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${raw}`);
  return value;
}

const seed = envInt('RACE_SEED', 12);
const rounds = envInt('RACE_ROUNDS', 30);

/** mulberry32: a small seeded generator, so a failing round replays from its seed. */
function prng(start: number) {
  let a = start >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  return { next, int, pick, chance: (p: number) => next() < p };
}

type Prng = ReturnType<typeof prng>;

/** Columns `workOrder.update` edits here, by argument name. */
const editable = { title: 'title', priority: 'priority', description: 'description' } as const;
type Field = keyof typeof editable;
const priorities = ['low', 'medium', 'high', 'critical'] as const;

interface Snapshot {
  id: string;
  status: WorkOrderStatus;
  title: string;
  priority: string;
  description: string | null;
}

interface Device {
  name: string;
  userId: string;
  manages: boolean;
  client: MutationClient;
}

/** An accepted edit and what it claimed to have seen, to hold against the audit's before image. */
interface SentEdit {
  clientId: string;
  seq: number;
  workOrderId: string;
  changes: Record<string, unknown>;
  seen: Record<string, unknown>;
}

const startPaths: Record<string, WorkOrderStatus[]> = {
  open: [],
  in_progress: ['in_progress'],
  on_hold: ['in_progress', 'on_hold'],
  completed: ['in_progress', 'completed'],
};

function raceMutation(r: Prng, device: Device, target: Snapshot, technicians: readonly string[]) {
  const kind = r.pick(['transition', 'transition', 'update', 'update', 'assign'] as const);
  if (kind === 'transition') {
    const next = workOrderTransitions[target.status];
    const to = next.length > 0 ? r.pick(next) : 'cancelled';
    return { name: 'workOrder.transition', args: { id: target.id, to, reason: `race ${to}` } };
  }
  if (kind === 'update') {
    const fields = (Object.keys(editable) as Field[]).filter(() => r.chance(0.6));
    if (fields.length === 0) fields.push('title');
    const changes: Record<string, unknown> = {};
    const seen: Record<string, unknown> = {};
    for (const f of fields) {
      changes[f] = f === 'priority' ? r.pick(priorities) : `${f} by ${device.name} #${r.int(1e9)}`;
      seen[f] = target[f];
    }
    return { name: 'workOrder.update', args: { id: target.id, changes, seen } };
  }
  const assigneeIds = device.manages ? technicians.filter(() => r.chance(0.5)) : [device.userId];
  return { name: 'workOrder.assign', args: { id: target.id, assigneeIds } };
}

describe.each(testDatabases.filter((t) => t.name === 'postgres'))(
  'MU-8 locked decisions on $name',
  (target) => {
    let db: Database;
    let app: App;
    let acme: TestTenant;
    const devices: Device[] = [];
    const technicians: string[] = [];

    beforeAll(async () => {
      db = await target.open();
      app = buildTestApp(db).app;
      acme = await createTestTenant(db, 'acme');
      // Two more technicians, copies of the tenant's (same role, same password).
      const extra: { id: string; email: string }[] = [];
      for (const n of [2, 3]) {
        const user = { id: randomUUID(), email: `technician${n}@acme.test` };
        await db.query(
          `insert into users (tenant_id, id, email, name, password_hash)
           select tenant_id, $2, $3, $4, password_hash from users where id = $1`,
          [acme.users.Technician.id, user.id, user.email, `Technician ${n}`],
        );
        await db.query('insert into user_roles (tenant_id, user_id, role_id) values ($1, $2, $3)', [
          acme.id,
          user.id,
          acme.roles.Technician,
        ]);
        extra.push(user);
      }
      const people = [
        { name: 'supervisor', user: acme.users.Supervisor, manages: true, devices: 2 },
        { name: 'admin', user: acme.users.Admin, manages: true, devices: 2 },
        { name: 'technician', user: acme.users.Technician, manages: false, devices: 2 },
        ...extra.map((user, i) => ({
          name: `technician${i + 2}`,
          user,
          manages: false,
          devices: 1,
        })),
      ];
      for (const p of people) {
        const token = (await loginAs(app, p.user.email)).accessToken;
        technicians.push(...(p.manages ? [] : [p.user.id]));
        for (let d = 0; d < p.devices; d++) {
          devices.push({
            name: `${p.name}/${d}`,
            userId: p.user.id,
            manages: p.manages,
            client: mutationClient(app, token),
          });
        }
      }
    });
    afterAll(async () => {
      await db.close();
    });

    async function setUpRound(r: Prng, setup: MutationClient): Promise<Snapshot[]> {
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        const id = randomUUID();
        const start = r.pick(Object.keys(startPaths));
        const sends = [
          {
            name: 'workOrder.create',
            args: {
              id,
              title: `Race ${id.slice(0, 8)}`,
              type: 'corrective',
              priority: r.pick(priorities),
              assigneeIds: technicians.filter(() => r.chance(0.4)),
            },
          },
          ...(startPaths[start] ?? []).map((to) => ({
            name: 'workOrder.transition',
            args: { id, to, reason: 'setting up' },
          })),
        ];
        const { results } = await setup.send(...sends);
        expect(results.map((x) => x.status)).toEqual(sends.map(() => 'applied'));
        ids.push(id);
      }
      return db.query<Snapshot>(
        'select id::text as id, status, title, priority, description from work_orders where id::text = any($1::text[])',
        [ids],
      );
    }

    /** Accepted edits whose audited before image held a value they had not seen (MU-6). */
    async function blindOverwrites(edits: readonly SentEdit[]): Promise<string[]> {
      const found: string[] = [];
      for (const e of edits) {
        const [row] = await db.query<{ before: Record<string, unknown> | null }>(
          `select before from audit_log
            where client_id = $1 and mutation_seq = $2 and action = 'work_orders.update'`,
          [e.clientId, e.seq],
        );
        if (!row?.before) {
          found.push(`edit ${e.clientId}/${e.seq} was applied but its audit has no before image`);
          continue;
        }
        for (const [field, seen] of Object.entries(e.seen)) {
          const column = editable[field as Field];
          const before = row.before[column];
          if (!sameValue(before, seen) && !sameValue(before, e.changes[field])) {
            found.push(
              `work order ${e.workOrderId}: an edit that saw ${field} = ${JSON.stringify(seen)} overwrote ${JSON.stringify(before)}`,
            );
          }
        }
      }
      return found;
    }

    it(`MU-8 MU-6 MU-9: 8 devices racing over the same work orders keep legal histories and never overwrite unseen values (RACE_SEED=${seed}, ${rounds} rounds)`, async () => {
      const r = prng(seed);
      const setup = devices[0]?.client;
      if (!setup) throw new Error('no devices');
      const failed: string[] = [];
      for (let round = 0; round < rounds; round++) {
        const snapshot = await setUpRound(r, setup);
        const planned = devices.map((device) => {
          const target = r.pick(snapshot);
          return { device, target, mutation: raceMutation(r, device, target, technicians) };
        });
        const outcomes = await Promise.all(
          planned.map((p) => p.device.client.sendOne(p.mutation.name, p.mutation.args)),
        );
        const edits: SentEdit[] = [];
        const unanswered: string[] = [];
        planned.forEach((p, i) => {
          const outcome = outcomes[i];
          // MU-9: a lock conflict is retried on the server, never answered 5xx.
          if (outcome?.status !== 'applied' && outcome?.status !== 'rejected') {
            unanswered.push(`${p.mutation.name} answered ${outcome?.status ?? 'nothing'}`);
            // Unanswered: the device sends that seq again next round, as a real one would.
            p.device.client.setSeq(p.device.client.seq - 1);
          }
          if (p.mutation.name === 'workOrder.update' && outcome?.status === 'applied') {
            const args = p.mutation.args as {
              changes: Record<string, unknown>;
              seen: Record<string, unknown>;
            };
            edits.push({
              clientId: p.device.client.clientId,
              seq: outcome.seq,
              workOrderId: p.target.id,
              ...args,
            });
          }
        });
        const problems = [
          ...unanswered,
          ...(await statusHistoryViolations(
            db,
            snapshot.map((s) => s.id),
          )),
          ...(await blindOverwrites(edits)),
        ];
        if (problems.length > 0) failed.push(`round ${round}: ${problems.join('; ')}`);
      }
      expect(failed, `${failed.length} of ${rounds} rounds failed`).toEqual([]);
    });
  },
);
