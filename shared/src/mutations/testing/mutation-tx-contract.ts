import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../auth/access';
import type { MutationTx, Row } from '../tx';

/**
 * One implementation of `MutationTx` as the contract drives it. Every package
 * with an implementation (shared: in memory, web: the replica, sync-server: the
 * database) builds one of these in its own test and runs the same cases
 * against it (docs/SPEC.md MU-14).
 */
export interface MutationTxHarness {
  /** Runs `fn` in one transaction of the implementation, committed when `fn` resolves. */
  transaction<T>(fn: (tx: MutationTx) => Promise<T>): Promise<T>;
  /** The actor and origin every transaction of the harness runs as. */
  actor: Actor;
  origin: { clientId: string; seq: number };
  /**
   * Implementations with concurrent writers (the server on Postgres): how many
   * transactions are waiting on a lock right now.
   */
  lockWaiters?: () => Promise<number>;
  close(): Promise<void>;
}

const uuid = () => globalThis.crypto.randomUUID();

/** An asset with a value of every kind the contract round-trips: text, numeric, jsonb and null. */
function assetRow(category: string): Row {
  const id = uuid();
  return {
    id,
    tag: `C-${id.slice(0, 8)}`,
    name: 'Contract pump',
    description: null,
    category,
    purchase_cost: 1234.5,
    specs: { rpm: 1450, seals: ['lip', 'mechanical'], sealed: true },
  };
}

/** The inserted columns as read back; numeric as a number (drivers return it as text or number). */
function comparable(row: Row | undefined): Row | undefined {
  if (!row) return row;
  const picked: Row = {};
  for (const column of Object.keys(assetRow('x'))) picked[column] = row[column];
  picked.purchase_cost = row.purchase_cost === null ? null : Number(row.purchase_cost);
  return picked;
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Polls `done` a bounded number of times, yielding between tries (never a time assertion). */
async function until(done: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting until ${what}`);
}

/**
 * The `MutationTx` contract (MU-14), as one vitest `describe` named `name`.
 * `open` builds a fresh harness before the cases and closes it after them.
 */
export function describeMutationTxContract(
  name: string,
  open: () => Promise<MutationTxHarness>,
  options: {
    /** More than one writer at a time (the server on Postgres): adds the MU-8 waiting case. */
    concurrentWriters?: boolean;
  } = {},
): void {
  describe(`MU-14 MutationTx contract: ${name}`, () => {
    let harness: MutationTxHarness | undefined;
    const h = () => {
      if (!harness) throw new Error('the harness did not open');
      return harness;
    };
    const insertAsset = async (category = `cat-${uuid()}`) => {
      const row = assetRow(category);
      await h().transaction((tx) => tx.insert('assets', row));
      return row;
    };

    beforeAll(async () => {
      harness = await open();
    });
    afterAll(async () => {
      await harness?.close();
    });

    it('get of a missing row is undefined; of an inserted one, the row', async () => {
      const row = await insertAsset();
      await h().transaction(async (tx) => {
        expect(await tx.get('assets', { id: uuid() })).toBeUndefined();
        expect(comparable(await tx.get('assets', { id: row.id }))).toEqual(row);
      });
    });

    it('insert then get round-trips text, numeric, jsonb and null, in the same and a later transaction', async () => {
      const row = assetRow(`cat-${uuid()}`);
      const inside = await h().transaction(async (tx) => {
        await tx.insert('assets', row);
        return tx.get('assets', { id: row.id });
      });
      expect(comparable(inside)).toEqual(row);
      const later = await h().transaction((tx) => tx.get('assets', { id: row.id }));
      expect(comparable(later)).toEqual(row);
      // Mutators never write tenant_id: the implementation fills in the actor's.
      expect(later?.tenant_id).toBe(h().actor.tenantId);
    });

    it('list returns exactly the rows whose columns equal the given values', async () => {
      const category = `cat-${uuid()}`;
      const a = await insertAsset(category);
      const b = await insertAsset(category);
      await insertAsset();
      const listed = await h().transaction((tx) => tx.list('assets', { category }));
      expect(listed.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
      const one = await h().transaction((tx) => tx.list('assets', { category, tag: a.tag }));
      expect(one.map(comparable)).toEqual([a]);
    });

    it('update changes only the named columns and leaves the others', async () => {
      const row = await insertAsset();
      const changes = { name: 'Renamed pump', specs: { rpm: 2900 } };
      await h().transaction((tx) => tx.update('assets', { id: row.id }, changes));
      const after = await h().transaction((tx) => tx.get('assets', { id: row.id }));
      expect(comparable(after)).toEqual({ ...row, ...changes });
    });

    it('delete removes the row from get and list', async () => {
      const category = `cat-${uuid()}`;
      const gone = await insertAsset(category);
      const kept = await insertAsset(category);
      await h().transaction((tx) => tx.delete('assets', { id: gone.id }));
      await h().transaction(async (tx) => {
        expect(await tx.get('assets', { id: gone.id })).toBeUndefined();
        expect((await tx.list('assets', { category })).map((r) => r.id)).toEqual([kept.id]);
      });
    });

    it('MU-8: getForUpdate returns the row get returns, and undefined for a missing one', async () => {
      const row = await insertAsset();
      await h().transaction(async (tx) => {
        const plain = await tx.get('assets', { id: row.id });
        expect(plain).toBeDefined();
        expect(await tx.getForUpdate('assets', { id: row.id })).toEqual(plain);
        expect(await tx.getForUpdate('assets', { id: uuid() })).toBeUndefined();
      });
    });

    it('now() is an ISO 8601 UTC instant, the same throughout one transaction', async () => {
      await h().transaction(async (tx) => {
        const first = tx.now();
        expect(first).toMatch(isoInstant);
        expect(Number.isNaN(Date.parse(first))).toBe(false);
        // A write in between, so a clock read per call would have moved on.
        await tx.insert('assets', assetRow(`cat-${uuid()}`));
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect(tx.now()).toBe(first);
      });
    });

    it('nextNumber: the server assigns increasing numbers, the client leaves them pending (null)', async () => {
      const numbers = await h().transaction(async (tx) => ({
        location: tx.location,
        values: [
          await tx.nextNumber('work_order_number'),
          await tx.nextNumber('work_order_number'),
        ],
      }));
      const later = await h().transaction((tx) => tx.nextNumber('work_order_number'));
      const all = [...numbers.values, later];
      if (numbers.location === 'client') {
        expect(all).toEqual([null, null, null]);
      } else {
        for (const n of all) expect(Number.isSafeInteger(n)).toBe(true);
        // Strictly increasing: the same list as its distinct values in ascending order.
        const assigned = all as number[];
        expect(assigned).toEqual([...new Set(assigned)].sort((x, y) => x - y));
      }
    });

    it('emit does not throw, and actor and origin are the ones the transaction runs as', async () => {
      await h().transaction(async (tx) => {
        await expect(tx.emit('contract.checked', { ok: true })).resolves.toBeUndefined();
        expect(tx.actor).toEqual(h().actor);
        expect(tx.origin).toEqual(h().origin);
        expect(['client', 'server']).toContain(tx.location);
      });
    });

    if (!options.concurrentWriters) return;

    it('MU-8: a second getForUpdate of a row waits until the first writer commits, then sees its change', async () => {
      const lockWaiters = h().lockWaiters;
      if (!lockWaiters)
        throw new Error('a harness with concurrent writers must count lock waiters');
      const row = await insertAsset();
      const events: string[] = [];
      let bReturned = false;
      let bRead: Promise<Row | undefined> | undefined;
      await h().transaction(async (a) => {
        expect((await a.getForUpdate('assets', { id: row.id }))?.name).toBe(row.name);
        bRead = h()
          .transaction((b) => b.getForUpdate('assets', { id: row.id }))
          .then((seen) => {
            events.push('B got row');
            bReturned = true;
            return seen;
          });
        // B either waits on A's lock (the database says so) or, if nothing locks, returns early.
        await until(async () => bReturned || (await lockWaiters()) > 0, 'B waits or returns');
        await a.update('assets', { id: row.id }, { name: 'Written by A' });
        events.push('A wrote, committing');
      });
      const seenByB = await bRead;
      // B's row came after A's write, and holds it: only a committed write is visible to B.
      expect(events).toEqual(['A wrote, committing', 'B got row']);
      expect(seenByB?.name).toBe('Written by A');
    });
  });
}
