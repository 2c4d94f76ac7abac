import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import {
  buildTestApp,
  call,
  createTestTenant,
  loginAs,
  type TestTenant,
} from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import { headLsn, insertRows, workOrderValues } from '../testing/shape-data';

describe.each(testDatabases)(
  'one wait per device: /v1/sync/wait and hold=false ($name)',
  (target) => {
    let db: Database;
    let t: ReturnType<typeof buildTestApp>;
    let a: TestTenant;
    let b: TestTenant;
    let tokenA: string;

    beforeAll(async () => {
      db = await target.open();
      // A live timeout far beyond any test: only a change can end a wait here.
      t = buildTestApp(db, undefined, { liveTimeoutMs: 600_000 });
      await t.startNotifier();
      a = await createTestTenant(db, `a${randomUUID().slice(0, 8)}`);
      b = await createTestTenant(db, `b${randomUUID().slice(0, 8)}`);
      tokenA = (await loginAs(t.app, a.users.Supervisor.email)).accessToken;
      await insertRows(db, a.id, [['work_orders', workOrderValues(a.id)]]);
    });
    afterAll(async () => {
      await t.notifier.stop();
      await db.close();
    });

    const wait = (after: bigint | string) =>
      call(t.app, 'GET', `/v1/sync/wait?after=${after}`, { token: tokenA });
    const headOf = (res: { body: Record<string, unknown> }) =>
      BigInt((res.body.data as { head: string }).head);

    it('SH-10: answers at once when the head is past `after`', async () => {
      const head = await headLsn(db, a.id);
      const res = await wait(head - 1n);
      expect(res.status).toBe(200);
      expect(headOf(res)).toBe(head);
    });

    it("SH-10: waits for the caller's tenant only, then answers the new head", async () => {
      const head = await headLsn(db, a.id);
      let answered = false;
      const pending = wait(head).then((res) => {
        answered = true;
        return res;
      });
      // Another tenant's write does not wake it.
      await insertRows(db, b.id, [['work_orders', workOrderValues(b.id)]]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(answered).toBe(false);
      await insertRows(db, a.id, [['work_orders', workOrderValues(a.id)]]);
      const res = await pending;
      expect(headOf(res)).toBeGreaterThan(head);
    });

    it('SH-10: with nothing new, answers the unchanged head after the live timeout', async () => {
      const quick = buildTestApp(db, undefined, { liveTimeoutMs: 200 });
      const head = await headLsn(db, a.id);
      const res = await call(quick.app, 'GET', `/v1/sync/wait?after=${head}`, { token: tokenA });
      expect(res.status).toBe(200);
      expect(headOf(res)).toBe(head);
    });

    it('SH-10: refuses a malformed position and an anonymous caller', async () => {
      const bad = await wait('12_0');
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: { code: 'VALIDATION' } });
      const anonymous = await call(t.app, 'GET', '/v1/sync/wait?after=1');
      expect(anonymous.status).toBe(401);
    });

    it('SH-10: a live request with hold=false answers at once, up-to-date at the head, as a live response', async () => {
      // A live timeout far beyond the test: only a change can end a held request.
      const slow = buildTestApp(db, undefined, { liveTimeoutMs: 600_000 });
      await slow.startNotifier();
      const first = await call(t.app, 'GET', '/v1/shape?table=work_orders&offset=-1', {
        token: tokenA,
      });
      const at = `offset=${first.headers.get('electric-offset') ?? ''}&handle=${first.headers.get('electric-handle') ?? ''}`;
      let heldAnswered = false;
      const held = call(t.app, 'GET', `/v1/shape?table=work_orders&${at}&live=true`, {
        token: tokenA,
      }).then((res) => {
        heldAnswered = true;
        return res;
      });
      const res = await call(
        t.app,
        'GET',
        `/v1/shape?table=work_orders&${at}&live=true&hold=false`,
        {
          token: tokenA,
        },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('electric-cursor')).not.toBeNull();
      expect(res.headers.get('electric-up-to-date')).toBe('');
      const messages = res.body as unknown as { headers: { control?: string } }[];
      expect(messages.map((m) => m.headers.control)).toEqual(['up-to-date']);
      expect(heldAnswered).toBe(false);
      // The held request is still waiting; a change releases it with that change.
      await insertRows(db, a.id, [['work_orders', workOrderValues(a.id, { title: 'Wakes it' })]]);
      const woken = await held;
      expect(JSON.stringify(woken.body)).toContain('Wakes it');
    });
  },
);
