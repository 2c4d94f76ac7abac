import { randomUUID } from 'node:crypto';
import type { Permission } from '@plantkeep/shared';
import type { Principal } from '../auth/principal';
import type { Database } from '../db';
import { seedTenant } from '../seed';

/**
 * A small seeded tenant (the data generator at scale 0.004) plus, by hand,
 * what the generator leaves out: a Viewer, a custom "Worker" role
 * (`work_orders:read` + `update`, no `read_all`) and a role with no
 * permission at all; work assigned to the worker (one of it requested by
 * the requester), unassigned and foreign work, internal and public comments,
 * attachments of every owner type, and each person's device rows
 * (docs/SPEC.md VI-*).
 */
export interface VisibilityTenant {
  tenantId: string;
  /** One signed-in caller per role, as the server loads them. */
  callers: Record<
    'Admin' | 'Supervisor' | 'Technician' | 'Requester' | 'Viewer' | 'Worker' | 'Nobody',
    Principal
  >;
  /** Each caller's device (its sync_clients and mutation_rejections rows). */
  clientIds: Map<string, string>;
  /** The work orders the worker is assigned; the first was requested by the requester. */
  workerOrders: string[];
}

export async function seedVisibilityTenant(db: Database): Promise<VisibilityTenant> {
  const { tenantId } = await seedTenant(db, {
    scale: 0.004,
    seed: 11,
    slug: 'visibility',
    name: 'Visibility Works',
  });
  const q = (sql: string, params: unknown[] = []) => db.query(sql, params);
  const userByEmail = async (email: string) =>
    (
      await db.query<{ id: string }>('select id from users where tenant_id = $1 and email = $2', [
        tenantId,
        email,
      ])
    )[0]?.id as string;
  const addUser = async (email: string, name: string, phone: string) => {
    const id = randomUUID();
    await q(
      `insert into users (tenant_id, id, email, name, phone, password_hash) values ($1, $2, $3, $4, $5, 'secret-hash')`,
      [tenantId, id, email, name, phone],
    );
    return id;
  };
  const addRole = async (name: string, permissions: Permission[]) => {
    const id = randomUUID();
    await q('insert into roles (tenant_id, id, name) values ($1, $2, $3)', [tenantId, id, name]);
    for (const p of permissions) {
      await q('insert into role_permissions (tenant_id, role_id, permission) values ($1, $2, $3)', [
        tenantId,
        id,
        p,
      ]);
    }
    return id;
  };
  const grant = (userId: string, roleId: string) =>
    q('insert into user_roles (tenant_id, user_id, role_id) values ($1, $2, $3)', [
      tenantId,
      userId,
      roleId,
    ]);
  const roleId = async (name: string) =>
    (
      await db.query<{ id: string }>('select id from roles where tenant_id = $1 and name = $2', [
        tenantId,
        name,
      ])
    )[0]?.id as string;

  const viewer = await addUser('viewer@visibility.test', 'Vera Viewer', '+1 555 0101');
  await grant(viewer, await roleId('Viewer'));
  const worker = await addUser('worker@visibility.test', 'Wes Worker', '+1 555 0102');
  await grant(worker, await addRole('Worker', ['work_orders:read', 'work_orders:update']));
  const nobody = await addUser('nobody@visibility.test', 'Nell Nobody', '+1 555 0103');
  await grant(nobody, await addRole('Nobody', []));
  const requester = await userByEmail('requester@demo.test');
  const tech = await userByEmail('tech@demo.test');

  // Work: two orders for the worker (the first the requester's), one unassigned request of the
  // requester's, and the rest of the generated history as it is.
  const orders = await db.query<{ id: string }>(
    `select id from work_orders where tenant_id = $1 and (requester_id is null or requester_id <> $2)
      order by id limit 3`,
    [tenantId, requester],
  );
  const [first, second, third] = orders.map((o) => o.id) as [string, string, string];
  await q('update work_orders set requester_id = $2 where tenant_id = $1 and id in ($3, $4)', [
    tenantId,
    requester,
    first,
    third,
  ]);
  await q('delete from work_order_assignees where tenant_id = $1 and work_order_id = $2', [
    tenantId,
    third,
  ]);
  for (const wo of [first, second]) {
    await q(
      'insert into work_order_assignees (tenant_id, work_order_id, user_id) values ($1, $2, $3) on conflict do nothing',
      [tenantId, wo, worker],
    );
  }
  const comment = async (wo: string, author: string, internal: boolean) => {
    const id = randomUUID();
    await q(
      `insert into work_order_comments (tenant_id, id, work_order_id, author_id, body, internal) values ($1, $2, $3, $4, 'note', $5)`,
      [tenantId, id, wo, author, internal],
    );
    return id;
  };
  const publicComment = await comment(first, tech, false);
  const internalComment = await comment(first, worker, true);
  await comment(third, viewer, false);
  for (const wo of [first, third]) {
    await q(
      `insert into signatures (tenant_id, id, work_order_id, signer_id, signer_name, image, signed_at)
       values ($1, $2, $3, $4, 'Jordan Lee', 'M0 0L1 1', now())`,
      [tenantId, randomUUID(), wo, tech],
    );
  }
  await q(
    `insert into ydoc_updates (tenant_id, id, doc_id, update, actor_id) values ($1, $2, $3, '\\x0000'::bytea, $4)`,
    [tenantId, randomUUID(), first, worker],
  );
  const anyId = async (table: string) =>
    (
      await db.query<{ id: string }>(
        `select id from ${table} where tenant_id = $1 order by id limit 1`,
        [tenantId],
      )
    )[0]?.id as string;
  const owners: [string, string][] = [
    ['work_order', first],
    ['work_order', second],
    ['work_order', third],
    [
      'work_order',
      (
        await db.query<{ id: string }>(
          'select id from work_orders where tenant_id = $1 and id not in ($2, $3, $4) order by id limit 1',
          [tenantId, first, second, third],
        )
      )[0]?.id as string,
    ],
    ['comment', publicComment],
    ['comment', internalComment],
    ['asset', await anyId('assets')],
    ['location', await anyId('locations')],
    ['part', await anyId('parts')],
  ];
  for (const [ownerType, ownerId] of owners) {
    await q(
      `insert into attachments (tenant_id, id, owner_type, owner_id, file_name, content_type, size_bytes)
       values ($1, $2, $3, $4, 'photo.jpg', 'image/jpeg', 10)`,
      [tenantId, randomUUID(), ownerType, ownerId],
    );
  }

  const people = {
    Admin: await userByEmail('admin@demo.test'),
    Supervisor: await userByEmail('supervisor@demo.test'),
    Technician: tech,
    Requester: requester,
    Viewer: viewer,
    Worker: worker,
    Nobody: nobody,
  };
  const clientIds = new Map<string, string>();
  for (const userId of Object.values(people)) {
    const clientId = randomUUID();
    clientIds.set(userId, clientId);
    await q('insert into sync_clients (tenant_id, client_id, user_id) values ($1, $2, $3)', [
      tenantId,
      clientId,
      userId,
    ]);
    await q(
      `insert into mutation_rejections (tenant_id, id, client_id, user_id, seq, name, code, message)
       values ($1, $2, $3, $4, 1, 'workOrder.update', 'CONFLICT', 'changed meanwhile')`,
      [tenantId, randomUUID(), clientId, userId],
    );
    await q(
      `insert into notifications (tenant_id, id, user_id, kind, title) values ($1, $2, $3, 'assigned', 'Work for you')`,
      [tenantId, randomUUID(), userId],
    );
  }
  const callers = {} as VisibilityTenant['callers'];
  for (const [role, userId] of Object.entries(people)) {
    callers[role as keyof typeof people] = await loadCaller(db, tenantId, userId);
  }
  return { tenantId, callers, clientIds, workerOrders: [first, second] };
}

/** The caller as `loadPrincipal` builds it (without a session: these tests never authenticate). */
async function loadCaller(db: Database, tenantId: string, userId: string): Promise<Principal> {
  const [row] = await db.query<{
    name: string;
    email: string;
    roles: string[];
    permissions: Permission[];
  }>(
    `select u.name, u.email,
            coalesce(array(select r.name from user_roles ur join roles r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
                            where ur.user_id = u.id order by r.name), '{}') as roles,
            coalesce(array(select distinct rp.permission from user_roles ur join role_permissions rp
                             on rp.tenant_id = ur.tenant_id and rp.role_id = ur.role_id
                           where ur.user_id = u.id), '{}') as permissions
       from users u where u.tenant_id = $1 and u.id = $2`,
    [tenantId, userId],
  );
  if (!row) throw new Error(`no user ${userId}`);
  return {
    userId,
    tenantId,
    sessionId: randomUUID(),
    name: row.name,
    email: row.email,
    emailVerified: true,
    roles: row.roles,
    permissions: new Set(row.permissions),
  };
}
