import type { DefaultRoleName } from '@plantkeep/shared';
import { rolePermissions, roles, tenants, userRoles, users } from '@plantkeep/shared/schema';
import { defaultRoleRows } from '@plantkeep/shared';
import { batch, type Batch } from './batch';
import type { SeedContext } from './context';
import type { Person, Team } from './model';
import { DAY, HOUR, iso } from './time';
import { firstNames, lastNames } from './vocabulary';

/**
 * The tenant, its default roles and its people. The five demo accounts are
 * the same in every generated tenant, so anyone can sign in to any of them;
 * extra technicians scale with the plant.
 */

const demoAccounts: { email: string; name: string; role: DefaultRoleName }[] = [
  { email: 'admin@demo.test', name: 'Morgan Ellis', role: 'Admin' },
  { email: 'supervisor@demo.test', name: 'Sam Rivera', role: 'Supervisor' },
  { email: 'tech@demo.test', name: 'Jordan Lee', role: 'Technician' },
  { email: 'tech2@demo.test', name: 'Casey Novak', role: 'Technician' },
  { email: 'requester@demo.test', name: 'Riley Chen', role: 'Requester' },
];

export interface Organization {
  batches: Batch[];
  team: Team;
}

export function buildOrganization(
  ctx: SeedContext,
  passwordHash: string,
  siteCount: number,
): Organization {
  const rng = ctx.rng.fork('organization');
  const at = iso(ctx.onboarded);

  const defaultRoles = defaultRoleRows(() => rng.uuid());
  const roleIds = defaultRoles.ids;

  const people: Person[] = demoAccounts.map((account) => ({
    ...account,
    id: rng.uuid(),
    // The two demo technicians work at different sites when there are several.
    siteIndex: account.email === 'tech2@demo.test' ? 1 % siteCount : 0,
  }));
  const usedNames = new Set(people.map((p) => p.name));
  for (let i = 0; i < ctx.sizes.extraTechnicians; i++) {
    let name = `${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
    while (usedNames.has(name)) name = `${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
    usedNames.add(name);
    people.push({
      id: rng.uuid(),
      name,
      email: `tech${i + 3}@${ctx.slug}.test`,
      role: 'Technician',
      siteIndex: (i + 2) % siteCount,
    });
  }

  const userRows = people.map((p, i) => {
    const created = ctx.onboarded + i * HOUR;
    return {
      tenantId: ctx.tenantId,
      id: p.id,
      email: p.email,
      name: p.name,
      passwordHash,
      emailVerifiedAt: iso(created + HOUR),
      lastLoginAt: iso(ctx.anchor - rng.int(1, 20 * 24) * HOUR),
      phone: `+1 555-01${String(i % 100).padStart(2, '0')}`,
      createdAt: iso(created),
      updatedAt: iso(created + DAY),
    };
  });

  const byRole = (role: DefaultRoleName) => people.filter((p) => p.role === role);
  const first = (role: DefaultRoleName): Person => {
    const person = byRole(role)[0];
    if (!person) throw new Error(`no ${role} in the seeded team`);
    return person;
  };

  return {
    team: {
      admin: first('Admin'),
      supervisor: first('Supervisor'),
      requester: first('Requester'),
      technicians: byRole('Technician'),
      everyone: people,
    },
    batches: [
      batch(tenants, [
        {
          id: ctx.tenantId,
          slug: ctx.slug,
          name: ctx.name,
          settings: {},
          createdAt: at,
          updatedAt: at,
        },
      ]),
      batch(
        roles,
        defaultRoles.roles.map((role) => ({
          ...role,
          tenantId: ctx.tenantId,
          isSystem: true,
          createdAt: at,
          updatedAt: at,
        })),
      ),
      batch(
        rolePermissions,
        defaultRoles.grants.map((grant) => ({ ...grant, tenantId: ctx.tenantId })),
      ),
      batch(users, userRows),
      batch(
        userRoles,
        people.map((p) => ({
          tenantId: ctx.tenantId,
          userId: p.id,
          roleId: roleIds[p.role],
          createdAt: at,
        })),
      ),
    ],
  };
}
