import { parseMutation, workOrderStatuses } from '@plantkeep/shared';
import { statusHistoryViolations } from '@plantkeep/sync-server/testing';
import type { FuzzDevice } from './fuzz-device';
import type { Fault } from './faulty-network';
import type { Prng } from './prng';
import { eventually } from './client-fixture';

export interface ServerView {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** What the fuzzer queued, per device, to check "applied exactly once or visibly rejected". */
export interface Ledger {
  queued: Map<string, { seq: number; name: string; id?: string }[]>;
}

const faults: Fault[] = [
  'none',
  'none',
  'none',
  'drop-request',
  'drop-response',
  'duplicate',
  'partial',
  'hold',
];

async function visibleWorkOrders(d: FuzzDevice) {
  return (
    await d.pg.query<{ id: string; title: string; priority: string; status: string }>(
      'select id, title, priority, status from work_orders order by id',
    )
  ).rows;
}

/** One random user action on one device; some are meant to be rejected by the server. */
async function act(d: FuzzDevice, rng: Prng, ledger: Ledger): Promise<void> {
  const wos = await visibleWorkOrders(d);
  const roll = rng.int(10);
  let name: string;
  let args: Record<string, unknown>;
  let id: string | undefined;
  if (roll < 3 || wos.length === 0) {
    id = rng.uuid();
    name = 'workOrder.create';
    args = {
      id,
      title: `Job ${rng.int(1000)}`,
      type: rng.pick(['corrective', 'inspection']),
      priority: 'medium',
    };
  } else {
    const wo = rng.pick(wos);
    if (roll < 6) {
      name = 'workOrder.update';
      const field = rng.chance(0.5) ? 'title' : 'priority';
      const value =
        field === 'title' ? `Edit ${rng.int(1000)}` : rng.pick(['low', 'high', 'critical']);
      args = { id: wo.id, changes: { [field]: value }, seen: { [field]: wo[field] } };
    } else if (roll < 8) {
      name = 'workOrder.transition';
      args = { id: wo.id, to: rng.pick(workOrderStatuses), reason: 'fuzz' };
    } else {
      name = 'workOrder.assign';
      args = { id: wo.id, assigneeIds: [d.session.user.id] };
    }
  }
  try {
    // A random name and arguments: parsed like the inbox's resend (refusals are caught below).
    const { seq } = await d.store.mutateParsed(parseMutation(name, args));
    const list = ledger.queued.get(d.clientId) ?? [];
    list.push({ seq, name, ...(id ? { id } : {}) });
    ledger.queued.set(d.clientId, list);
  } catch {
    // Refused locally (e.g. an impossible transition): never queued, the user sees it at once.
  }
}

/** Runs `steps` random steps over the devices: actions, faulty flushes, outages, restarts. */
export async function runScenario(
  devices: FuzzDevice[],
  rng: Prng,
  steps: number,
  ledger: Ledger,
  restartServer: () => Promise<void>,
): Promise<void> {
  for (let step = 0; step < steps; step++) {
    const d = rng.pick(devices);
    const roll = rng.int(20);
    if (roll < 9) await act(d, rng, ledger);
    else if (roll < 14) {
      d.network.nextFault = rng.pick(faults);
      await d.sender.flushOnce();
    } else if (roll < 16) d.network.online = !d.network.online;
    else if (roll < 17 && process.env.FUZZ_NO_RESTART !== '1') {
      const before = new Set((await d.store.pending()).map((m) => m.seq));
      await d.restart();
      const after = new Set((await d.store.pending()).map((m) => m.seq));
      const acknowledged = await serverLastSeq(d);
      for (const seq of before) {
        if (!after.has(seq) && seq > acknowledged)
          throw new Error(`pending seq ${seq} lost across a restart`);
      }
    } else if (roll < 18) await restartServer();
    else await d.network.releaseHeld();
  }
}

async function serverLastSeq(d: FuzzDevice): Promise<number> {
  const { rows } = await d.pg.query<{ last: string }>(
    'select last_mutation_seq::text as last from synced.sync_clients_synced where client_id = $1',
    [d.clientId],
  );
  return Number(rows[0]?.last ?? 0);
}

/** Everyone back online, no faults: flush until every queue is empty and every replica caught up. */
export async function quiesce(devices: FuzzDevice[], server?: ServerView): Promise<void> {
  for (const d of devices) {
    d.network.online = true;
    d.network.nextFault = 'none';
    await d.network.releaseHeld();
    d.sender.forgetConfirmations();
  }
  // As the app does on an 'online' event: resubscribe at once instead of waiting out the backoff.
  for (const d of devices) if (!d.isUpToDate) await d.restart();
  let state = '';
  try {
    await eventually(
      async () => {
        const outcomes: string[] = [];
        for (const d of devices) {
          const outcome = await d.sender.flushOnce();
          if (outcome.kind === 'fatal') throw new Error(`sender gave up: ${outcome.reason}`);
          outcomes.push(JSON.stringify(outcome));
        }
        const pending = await Promise.all(devices.map((d) => d.store.pending()));
        const acked = await Promise.all(devices.map((d) => serverLastSeq(d)));
        state = devices
          .map(
            (d, i) =>
              `${d.clientId}: pending [${pending[i]?.map((m) => m.seq).join(',')}], acknowledged ${acked[i]}, ` +
              `up to date ${d.isUpToDate}, last send ${outcomes[i]}`,
          )
          .join('; ');
        const counts = pending.map((p) => p.length);
        return counts.every((n) => n === 0) && devices.every((d) => d.isUpToDate);
      },
      'every queue empty and every replica up to date',
      800,
    );
  } catch (error) {
    const onServer = server
      ? JSON.stringify(
          await server.query(
            'select client_id, last_mutation_seq::text from sync_clients where client_id = any($1::uuid[])',
            [devices.map((d) => d.clientId)],
          ),
        )
      : '';
    throw new Error(
      `${error instanceof Error ? error.message : String(error)} (${state}) server: ${onServer}`,
    );
  }
}

export async function serverWorkOrders(server: ServerView, tenantId: string) {
  return server.query<{ id: string; title: string; priority: string; status: string }>(
    'select id::text, title, priority::text, status::text from work_orders where tenant_id = $1 order by id',
    [tenantId],
  );
}

/** Invariants after quiescence (docs/SPEC.md MU-1..MU-5). */
export async function checkInvariants(
  server: ServerView,
  tenantId: string,
  devices: FuzzDevice[],
  ledger: Ledger,
): Promise<void> {
  const expected = await serverWorkOrders(server, tenantId);
  // MU-8: every work order's audited status changes form a legal path of the state machine.
  const illegal = await statusHistoryViolations(server, undefined, tenantId);
  if (illegal.length > 0) throw new Error(`illegal status histories: ${illegal.join('; ')}`);
  for (const d of devices) {
    await eventually(
      async () => JSON.stringify(await visibleWorkOrders(d)) === JSON.stringify(expected),
      `replica of ${d.clientId} equals the server`,
    );
    const queued = ledger.queued.get(d.clientId) ?? [];
    const [client] = await server.query<{ last: string }>(
      'select last_mutation_seq::text as last from sync_clients where client_id = $1',
      [d.clientId],
    );
    const last = queued.length === 0 ? 0 : Math.max(...queued.map((q) => q.seq));
    if (Number(client?.last ?? 0) !== last) {
      throw new Error(
        `server acknowledged ${client?.last ?? 0} of ${last} mutations from ${d.clientId}`,
      );
    }
    const rejected = new Set(
      (
        await server.query<{ seq: string }>(
          'select seq::text from mutation_rejections where client_id = $1',
          [d.clientId],
        )
      ).map((r) => Number(r.seq)),
    );
    const applied = new Set(
      (
        await server.query<{ seq: string }>(
          'select distinct mutation_seq::text as seq from audit_log where client_id = $1',
          [d.clientId],
        )
      ).map((r) => Number(r.seq)),
    );
    for (const q of queued) {
      if (rejected.has(q.seq) === applied.has(q.seq)) {
        throw new Error(
          `seq ${q.seq} (${q.name}) of ${d.clientId} is ${rejected.has(q.seq) ? 'both applied and rejected' : 'neither applied nor rejected'}`,
        );
      }
      if (q.id && applied.has(q.seq)) {
        const [row] = await server.query<{ n: number }>(
          'select count(*)::int as n from work_orders where tenant_id = $1 and id = $2',
          [tenantId, q.id],
        );
        if (row?.n !== 1) throw new Error(`work order ${q.id} exists ${row?.n ?? 0} times`);
      }
    }
  }
}
