/**
 * Yjs documents benchmark (issue 6). Prints:
 * 1. time to merge two replicas of one work order's document that each made
 *    N offline edits (update by update, and as one state-vector diff);
 * 2. the document's stored size before and after compaction;
 * 3. server cost per `ydoc.update` through the real mutation path (HTTP app,
 *    validation, permission diff, audit, materialized rows, sequence
 *    advance) on embedded PGlite, against a raw-SQL floor (the update row
 *    and one step row written in one transaction each), as the document
 *    grows and after compacting it.
 * Run: npx tsx sync-server/bench/ydoc.ts [--edits 1000] [--updates 500]
 */
import { randomUUID } from 'node:crypto';
import { migrate } from '@plantkeep/migrations';
import {
  addComment,
  addStep,
  annotateStep,
  captureUpdate,
  compactUpdates,
  editCommentBody,
  measureStep,
  readDoc,
  tickStep,
  toBase64,
  untickStep,
} from '@plantkeep/shared/ydoc';
import * as Y from 'yjs';
import { openPglite, withTenant } from '../src/db';
import { buildTestApp, createTestTenant, loginAs } from '../src/testing';
import { compactDoc } from '../src/ydoc/compaction';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const kib = (bytes: number) => `${round(bytes / 1024, 1)} KiB`;
let state = 1;
const rand = (n: number) => {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state % n;
};

const edits = arg('edits', 1000);
const serverUpdates = arg('updates', 500);
const at = '2026-11-21T10:00:00.000Z';
const tech = randomUUID();
const supervisor = randomUUID();
console.log(`ydoc benchmark — ${new Date().toISOString()}, Node ${process.version}`);

// A work order with 40 steps and 10 comments.
const base = new Y.Doc();
const stepIds = Array.from({ length: 40 }, () => randomUUID());
const commentIds = Array.from({ length: 10 }, () => randomUUID());
stepIds.forEach((id, i) =>
  addStep(base, { id, title: `Step ${i}`, kind: i % 4 === 0 ? 'measurement' : 'check' }),
);
commentIds.forEach((id, i) =>
  addComment(base, { id, authorId: i % 2 ? tech : supervisor, createdAt: at, body: `Note ${i}` }),
);
const baseUpdate = Y.encodeStateAsUpdate(base);

/** One random edit by `userId` (ticks, unticks, values, notes, comment text, new comments). */
function randomEdit(doc: Y.Doc, userId: string): Uint8Array | null {
  const step = stepIds[rand(stepIds.length)] ?? '';
  const comment = commentIds[rand(commentIds.length)] ?? '';
  return captureUpdate(doc, (d) => {
    switch (rand(6)) {
      case 0:
        tickStep(d, step, { userId, at });
        break;
      case 1:
        untickStep(d, step);
        break;
      case 2:
        measureStep(d, step, rand(1000) / 10);
        break;
      case 3:
        annotateStep(d, step, `note ${rand(100)}`);
        break;
      case 4:
        editCommentBody(d, comment, { index: rand(8), delete: rand(2), insert: 'ab' });
        break;
      default:
        addComment(d, { id: randomUUID(), authorId: userId, createdAt: at, body: 'offline' });
    }
  });
}

function replica(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, baseUpdate);
  return doc;
}

// 1. Merge two replicas that each made `edits` offline edits.
const a = replica();
const b = replica();
const fromA: Uint8Array[] = [];
const fromB: Uint8Array[] = [];
for (let i = 0; i < edits; i++) {
  const ua = randomEdit(a, tech);
  if (ua) fromA.push(ua);
  const ub = randomEdit(b, supervisor);
  if (ub) fromB.push(ub);
}
const a1 = replica();
const b1 = replica();
for (const u of fromA) Y.applyUpdate(a1, u);
for (const u of fromB) Y.applyUpdate(b1, u);
let started = performance.now();
Y.transact(a1, () => fromB.forEach((u) => Y.applyUpdate(a1, u)));
Y.transact(b1, () => fromA.forEach((u) => Y.applyUpdate(b1, u)));
const mergeEach = performance.now() - started;
started = performance.now();
const aToB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
const bToA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
Y.applyUpdate(a, bToA);
Y.applyUpdate(b, aToB);
const mergeDiff = performance.now() - started;
const converged =
  JSON.stringify(readDoc(a)) === JSON.stringify(readDoc(b)) &&
  JSON.stringify(readDoc(a1)) === JSON.stringify(readDoc(a));
console.log(`\n1. merge two replicas with ${edits} offline edits each (40 steps, 10 comments)`);
console.log(
  `   update by update  ${round(mergeEach)} ms for ${fromA.length + fromB.length} updates (both directions)`,
);
console.log(
  `   state-vector diff ${round(mergeDiff)} ms (encode + apply, both directions; ${kib(aToB.length + bToA.length)} exchanged)`,
);
console.log(`   converged         ${converged ? 'yes' : 'NO'}`);

// 2. Stored size before and after compaction.
const stored = [baseUpdate, ...fromA, ...fromB];
const before = stored.reduce((n, u) => n + u.length, 0);
started = performance.now();
const compacted = compactUpdates(stored);
const compactMs = performance.now() - started;
console.log(`\n2. document size (${stored.length} stored updates)`);
console.log(
  `   before compaction ${kib(before)} in ${stored.length} rows; after ${kib(compacted.length)} in 1 row (${round(before / compacted.length, 1)}x smaller, merged in ${round(compactMs)} ms)`,
);

// 3. Server cost per update through POST /v1/mutations.
const db = await openPglite();
await migrate(db);
const t = buildTestApp(db);
const tenant = await createTestTenant(db, 'bench');
const sup = await loginAs(t.app, tenant.users.Supervisor.email);
const tec = await loginAs(t.app, tenant.users.Technician.email);
const clients = new Map<string, { id: string; seq: number }>();
async function post(token: string, mutations: { name: string; args: unknown }[]) {
  const c = clients.get(token) ?? { id: randomUUID(), seq: 0 };
  clients.set(token, c);
  const res = await t.app.request('/v1/mutations', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: c.id,
      mutations: mutations.map((m) => ({ seq: ++c.seq, ...m })),
    }),
  });
  const body = (await res.json()) as { data?: { results: { status: string }[] } };
  const bad = body.data?.results.filter((r) => r.status !== 'applied') ?? [];
  if (!res.ok || bad.length > 0) throw new Error(`batch failed: ${JSON.stringify(body)}`);
}
const wo = randomUUID();
await post(sup.accessToken, [
  {
    name: 'workOrder.create',
    args: {
      id: wo,
      title: 'Bench',
      type: 'preventive',
      priority: 'low',
      assigneeIds: [tenant.users.Technician.id],
    },
  },
]);
const server = new Y.Doc();
const definition = captureUpdate(server, (d) =>
  stepIds.forEach((id, i) => addStep(d, { id, title: `Step ${i}`, kind: 'check' })),
);
await post(sup.accessToken, [
  { name: 'ydoc.update', args: { docId: wo, update: toBase64(definition ?? new Uint8Array()) } },
]);
const techId = tenant.users.Technician.id;
const nextUpdates = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const step = stepIds[i % stepIds.length] ?? '';
    const u = captureUpdate(server, (d) =>
      i % 2 ? measureStep(d, step, i) : tickStep(d, step, { userId: techId, at }),
    );
    return { name: 'ydoc.update', args: { docId: wo, update: toBase64(u ?? new Uint8Array()) } };
  });
async function timed(n: number): Promise<number> {
  const batch = nextUpdates(n);
  const s = performance.now();
  for (let i = 0; i < batch.length; i += 100) await post(tec.accessToken, batch.slice(i, i + 100));
  return (performance.now() - s) / n;
}
await timed(20); // warm-up (JIT, statement caches)
const first = await timed(100);
await timed(Math.max(0, serverUpdates - 220));
const last = await timed(100);
const rows = (await db.query<{ n: number }>('select count(*)::int as n from ydoc_updates'))[0]?.n;
const compaction = await compactDoc(db, tenant.id, wo);
const afterCompaction = await timed(100);

// Raw-SQL floor: the update row and one materialized step row, one transaction each.
const floorN = 500;
const floorUpdate = nextUpdates(1)[0]?.args.update ?? '';
const bytes = Uint8Array.from(Buffer.from(floorUpdate, 'base64'));
const s = performance.now();
for (let i = 0; i < floorN; i++) {
  await withTenant(db, tenant.id, async (tx) => {
    await tx.query(
      `insert into ydoc_updates (tenant_id, id, doc_id, update, actor_id) values ($1, $2, $3, $4, $5)`,
      [tenant.id, randomUUID(), wo, bytes, techId],
    );
    await tx.query(
      `update work_order_steps set done = not done, done_by = $2, updated_at = now() where id = $1`,
      [stepIds[i % stepIds.length], techId],
    );
  });
}
const floor = (performance.now() - s) / floorN;

console.log(
  `\n3. server cost per ydoc.update (POST /v1/mutations, 100 per batch, embedded PGlite)`,
);
console.log(`   updates 21-120 of the document          ${round(first)} ms/update`);
console.log(
  `   updates ${serverUpdates - 99}-${serverUpdates} (${rows} rows stored)     ${round(last)} ms/update`,
);
console.log(
  `   after compacting ${compaction?.replaced ?? 0} rows into 1 (${kib(compaction?.bytesBefore ?? 0)} → ${kib(compaction?.bytesAfter ?? 0)}) ${round(afterCompaction)} ms/update`,
);
console.log(`   raw SQL floor (update row + step row)   ${round(floor)} ms/update`);
console.log(
  `   ratio                                   ${round(first / floor, 1)}x (fresh document), ${round(last / floor, 1)}x (${rows} rows)`,
);
await db.close();
