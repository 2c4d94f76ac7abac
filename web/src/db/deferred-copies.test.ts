import 'fake-indexeddb/auto';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DeferredCopies,
  replicaPostgresOptions,
  walBytesSinceCheckpoint,
  type DeferredCopyOptions,
} from './deferred-copies';

const opened: PGlite[] = [];
afterEach(async () => {
  for (const pg of opened.splice(0)) if (!pg.closed) await pg.close();
});

/** An in-memory database whose copies the test observes, holds or fails. */
async function open(options: DeferredCopyOptions = {}) {
  const pg = await PGlite.create({ ...replicaPostgresOptions });
  opened.push(pg);
  const observed = {
    copies: 0,
    events: [] as string[],
    hold: undefined as Promise<void> | undefined,
    failWith: undefined as Error | undefined,
  };
  pg.fs!.syncToFs = async () => {
    observed.events.push('copy-start');
    if (observed.hold) await observed.hold;
    observed.events.push('copy-end');
    if (observed.failWith) throw observed.failWith;
    observed.copies += 1;
  };
  const copies = DeferredCopies.install(pg, { settleMs: 1, ...options });
  await pg.exec('create table t (id serial primary key, v text)');
  await copies.persist();
  observed.events = [];
  return { pg, copies, observed };
}

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 2));
};

describe('DeferredCopies: the browser replica copies to IndexedDB in the background (SPEC CL-7)', () => {
  it('a write returns before its copy; persist() resolves once a copy begun after it ends', async () => {
    const { pg, copies, observed } = await open();
    let release!: () => void;
    observed.hold = new Promise((resolve) => (release = resolve));
    const before = observed.copies;
    await pg.query(`insert into t (v) values ('a')`);
    // The write is committed while its copy is not done.
    expect(observed.copies).toBe(before);
    let persisted = false;
    const persisting = copies.persist().then(() => (persisted = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(persisted).toBe(false);
    release();
    await persisting;
    expect(observed.copies).toBeGreaterThan(before);
  });

  it('a copy holds the query lock: a query asked during a copy runs after it', async () => {
    const { pg, copies, observed } = await open();
    let release!: () => void;
    observed.hold = new Promise((resolve) => (release = resolve));
    const persisting = copies.persist();
    await until(() => observed.events.includes('copy-start'));
    const query = pg.query('select 1').then(() => observed.events.push('query-done'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await Promise.all([persisting, query]);
    expect(observed.events.slice(0, 3)).toEqual(['copy-start', 'copy-end', 'query-done']);
  });

  it('a failed copy is reported, rejects persist(), and is retried until it works', async () => {
    const reports: unknown[] = [];
    const { pg, copies, observed } = await open({
      retryMs: 5,
      onCopied: (error) => reports.push(error),
    });
    observed.failWith = new Error('QuotaExceededError');
    await pg.query(`insert into t (v) values ('b')`);
    await expect(copies.persist()).rejects.toThrow('QuotaExceededError');
    expect(reports.at(-1)).toBeInstanceOf(Error);
    const copiesBefore = observed.copies;
    observed.failWith = undefined;
    // No query asks for a copy now: the retry timer does.
    await until(() => reports.at(-1) === undefined);
    expect(observed.copies).toBeGreaterThan(copiesBefore);
  });

  it('checkpoints before a copy once the WAL since the last checkpoint passes the bound', async () => {
    const bound = 1024 * 1024;
    const { pg, copies } = await open({ checkpointAfterWalBytes: bound });
    await pg.exec(`insert into t (v) select repeat('x', 500) from generate_series(1, 10000)`);
    expect(await walBytesSinceCheckpoint(pg)).toBeGreaterThan(bound);
    await copies.persist();
    expect(await walBytesSinceCheckpoint(pg)).toBeLessThan(bound);
    // 1 MiB segments and no recycling: the files left are the live WAL only.
    const { rows } = await pg.query<{ n: number; size: number }>(
      'select count(*)::int as n, max(size)::int as size from pg_ls_waldir()',
    );
    expect(rows[0]!.size).toBe(1024 * 1024);
    expect(rows[0]!.n).toBeLessThanOrEqual(3);
  });

  it('a new IndexedDB replica reopens, without a close, with everything persisted', async () => {
    // A tab that goes away terminates its worker: PGlite is never closed.
    const dataDir = `idb://deferred-${crypto.randomUUID()}`;
    const first = await PGlite.create({ dataDir, ...replicaPostgresOptions });
    opened.push(first);
    const copies = DeferredCopies.install(first, { settleMs: 1, checkpointAfterWalBytes: 1 });
    await first.exec('create table t (id serial primary key, v text)');
    await first.exec(`insert into t (v) select 'row ' || g from generate_series(1, 2000) g`);
    await copies.persist();
    await first.exec(`insert into t (v) values ('after the checkpoint')`);
    await copies.persist();

    const reopened = await PGlite.create({ dataDir, ...replicaPostgresOptions });
    opened.push(reopened);
    const { rows } = await reopened.query<{ n: number; last: string }>(
      'select count(*)::int as n, max(v) filter (where id = 2001) as last from t',
    );
    expect(rows[0]).toEqual({ n: 2001, last: 'after the checkpoint' });
  });
});
