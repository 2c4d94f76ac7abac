import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { fileAttachmentStore } from '../attachments/store';
import type { Database } from '../db';
import {
  buildTestApp,
  call,
  createTestTenant,
  freshIp,
  loginAs,
  type TestTenant,
} from '../testing/app-fixture';
import { testDatabases } from '../testing/databases';
import { MAX_ATTACHMENT_BYTES } from './attachment-routes';

/** A tiny PNG-ish payload (the server checks the declared type, not the pixels). */
const photo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe.each(testDatabases)('attachment upload and download on $name', (target) => {
  let db: Database;
  let app: App;
  let a: TestTenant;
  let b: TestTenant;
  const token = {} as Record<'tech' | 'other' | 'requester' | 'viewer' | 'bAdmin', string>;
  let workOrderId: string;
  let bWorkOrderId: string;
  let dataDir: string;

  const upload = (
    who: string,
    woId: string,
    id: string,
    body: Uint8Array | string = photo,
    contentType = 'image/png',
    extra: Record<string, string> = {},
  ) =>
    app.request(`/v1/work-orders/${woId}/attachments/${id}`, {
      method: 'PUT',
      body,
      headers: {
        authorization: `Bearer ${who}`,
        'content-type': contentType,
        'x-forwarded-for': freshIp(),
        ...extra,
      },
    });
  const download = (who: string, id: string) =>
    app.request(`/v1/attachments/${id}/content`, {
      headers: { authorization: `Bearer ${who}`, 'x-forwarded-for': freshIp() },
    });

  async function createWorkOrder(supervisorToken: string, assigneeId: string): Promise<string> {
    const id = randomUUID();
    const res = await call(app, 'POST', '/v1/mutations', {
      token: supervisorToken,
      body: {
        clientId: randomUUID(),
        mutations: [
          {
            seq: 1,
            name: 'workOrder.create',
            args: {
              id,
              title: 'Photo me',
              type: 'corrective',
              priority: 'low',
              assigneeIds: [assigneeId],
            },
          },
        ],
      },
    });
    expect(JSON.stringify(res.body)).toContain('"applied"');
    return id;
  }

  beforeAll(async () => {
    db = await target.open();
    // The real file store (as main.ts uses), so tests can compare the file on disk with its row.
    dataDir = await mkdtemp(join(tmpdir(), 'plantkeep-attachments-'));
    app = buildTestApp(db, undefined, undefined, fileAttachmentStore(dataDir)).app;
    a = await createTestTenant(db, 'att-a');
    b = await createTestTenant(db, 'att-b');
    const aSup = (await loginAs(app, a.users.Supervisor.email)).accessToken;
    token.tech = (await loginAs(app, a.users.Technician.email)).accessToken;
    token.requester = (await loginAs(app, a.users.Requester.email)).accessToken;
    token.viewer = (await loginAs(app, a.users.Viewer.email)).accessToken;
    token.other = aSup;
    token.bAdmin = (await loginAs(app, b.users.Admin.email)).accessToken;
    workOrderId = await createWorkOrder(aSup, a.users.Technician.id);
    const bSup = (await loginAs(app, b.users.Supervisor.email)).accessToken;
    bWorkOrderId = await createWorkOrder(bSup, b.users.Technician.id);
  });
  afterAll(async () => {
    await db?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stores a photo of assigned work, creates its row, and gives the bytes back', async () => {
    const id = randomUUID();
    const res = await upload(token.tech, workOrderId, id, photo, 'image/png', {
      'x-file-name': encodeURIComponent('pump/seal ü.png'),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { data: Record<string, unknown> };
    expect(body.data).toMatchObject({
      id,
      ownerType: 'work_order',
      ownerId: workOrderId,
      fileName: 'pump_seal ü.png',
      contentType: 'image/png',
      sizeBytes: photo.length,
    });
    expect(body.data.uploadedAt).toEqual(expect.any(String));
    const [row] = await db.query<{ uploaded_by: string; storage_key: string }>(
      'select uploaded_by, storage_key from attachments where id = $1',
      [id],
    );
    expect(row?.uploaded_by).toBe(a.users.Technician.id);

    const got = await download(token.viewer, id);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(photo);
  });

  it('answers a repeated upload (a retry after a lost response) with the stored attachment', async () => {
    const id = randomUUID();
    expect((await upload(token.tech, workOrderId, id)).status).toBe(201);
    const again = await upload(token.tech, workOrderId, id);
    expect(again.status).toBe(200);
    const other = await upload(token.tech, workOrderId, id, new Uint8Array([9, 9, 9]));
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');
  });

  it('refuses other content types, empty files and files over the limit with clear codes', async () => {
    const html = await upload(token.tech, workOrderId, randomUUID(), '<script>', 'text/html');
    expect(html.status).toBe(400);
    expect(await html.json()).toMatchObject({ error: { code: 'VALIDATION' } });
    const svg = await upload(token.tech, workOrderId, randomUUID(), '<svg/>', 'image/svg+xml');
    expect(svg.status).toBe(400);
    const empty = await upload(token.tech, workOrderId, randomUUID(), new Uint8Array());
    expect(empty.status).toBe(400);
    const big = await upload(
      token.tech,
      workOrderId,
      randomUUID(),
      new Uint8Array(MAX_ATTACHMENT_BYTES + 1),
    );
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE', details: { maxBytes: MAX_ATTACHMENT_BYTES } },
    });
  });

  it('needs the right to work on the order and to read it', async () => {
    const viewer = await upload(token.viewer, workOrderId, randomUUID());
    expect(viewer.status).toBe(403);
    const requester = await upload(token.requester, workOrderId, randomUUID());
    expect(requester.status).toBe(404);
    const id = randomUUID();
    expect((await upload(token.tech, workOrderId, id)).status).toBe(201);
    expect((await download(token.requester, id)).status).toBe(404);
    const anonymous = await app.request(`/v1/attachments/${id}/content`, {
      headers: { 'x-forwarded-for': freshIp() },
    });
    expect(anonymous.status).toBe(401);
  });

  it("keeps tenants apart: another tenant's work order and attachment are not found", async () => {
    const bId = randomUUID();
    const bUpload = await app.request(`/v1/work-orders/${bWorkOrderId}/attachments/${bId}`, {
      method: 'PUT',
      body: photo,
      headers: {
        authorization: `Bearer ${token.bAdmin}`,
        'content-type': 'image/png',
        'x-forwarded-for': freshIp(),
      },
    });
    expect(bUpload.status).toBe(201);
    expect((await upload(token.other, bWorkOrderId, randomUUID())).status).toBe(404);
    expect((await download(token.other, bId)).status).toBe(404);
    // The same id under A's work order is a new attachment of A, never B's row.
    expect((await upload(token.tech, workOrderId, bId)).status).toBe(201);
    expect(new Uint8Array(await (await download(token.bAdmin, bId)).arrayBuffer())).toEqual(photo);
  });

  const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

  /** The row, the file on disk and any files left beside it (temporaries) for one id. */
  async function stored(id: string) {
    const rows = await db.query<{ sha256: string; size_bytes: string | number }>(
      'select sha256, size_bytes from attachments where id = $1',
      [id],
    );
    const tenantDir = join(dataDir, a.id.toLowerCase());
    const file = new Uint8Array(await readFile(join(tenantDir, id.toLowerCase())));
    const beside = (await readdir(tenantDir)).filter((name) => name.startsWith(id.toLowerCase()));
    return { rows, file, beside };
  }

  it('AT-1: concurrent uploads of one id with the same bytes all succeed, one row, the file matches', async () => {
    const id = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => Promise.resolve(upload(token.tech, workOrderId, id))),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    const { rows, file, beside } = await stored(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sha256).toBe(sha256Of(photo));
    expect(Number(rows[0]!.size_bytes)).toBe(photo.length);
    expect(file).toEqual(photo);
    expect(beside).toEqual([id.toLowerCase()]);
  });

  it('AT-1: concurrent uploads of one id with different bytes: one winner, the rest 409, the file is the winner', async () => {
    const id = randomUUID();
    const bodies = Array.from({ length: 8 }, (_, i) => new Uint8Array([...photo, i, i, i]));
    const responses = await Promise.all(
      bodies.map((b) => Promise.resolve(upload(token.tech, workOrderId, id, b))),
    );
    const statuses = responses.map((r) => r.status);
    expect([...statuses].sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of responses.filter((r) => r.status === 409)) {
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');
    }
    const winner = bodies[statuses.indexOf(201)]!;
    const { rows, file, beside } = await stored(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sha256).toBe(sha256Of(winner));
    expect(Number(rows[0]!.size_bytes)).toBe(winner.length);
    expect(file).toEqual(winner);
    expect(beside).toEqual([id.toLowerCase()]);
  });
});
