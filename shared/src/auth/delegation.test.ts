import { describe, expect, it } from 'vitest';
import { missingPermissions, roleChangeRefusal, userChangeRefusal } from './delegation';
import type { Permission } from './permissions';

const holding = (...p: Permission[]) => new Set<Permission>(p);

describe('delegation rules', () => {
  it('AC-5: a role may carry, before and after, only what the actor holds', () => {
    const actor = holding('roles:manage', 'assets:read');
    expect(roleChangeRefusal(actor, { next: ['assets:read'] })).toBeUndefined();
    expect(roleChangeRefusal(actor, { next: ['assets:read', 'users:manage'] })?.details).toEqual({
      rule: 'AC-5',
      missing: ['users:manage'],
    });
    expect(roleChangeRefusal(actor, { current: ['settings:manage'], next: [] })?.code).toBe(
      'AUTHZ',
    );
  });

  it('AC-6: no changing a user above oneself, no granting beyond oneself', () => {
    const actor = { userId: 'me', permissions: holding('users:manage', 'assets:read') };
    const peer = { userId: 'peer', permissions: ['assets:read'] as Permission[] };
    expect(userChangeRefusal({ actor, target: peer })).toBeUndefined();
    expect(
      userChangeRefusal({ actor, target: { userId: 'boss', permissions: ['roles:manage'] } })
        ?.details,
    ).toEqual({ rule: 'AC-6', missing: ['roles:manage'] });
    expect(
      userChangeRefusal({ actor, target: peer, grantedPermissions: ['work_orders:read'] })?.details,
    ).toEqual({ rule: 'AC-6', missing: ['work_orders:read'] });
  });

  it('AC-7: one’s own roles need roles:manage', () => {
    const manager = { userId: 'me', permissions: holding('users:manage') };
    const self = { userId: 'me', permissions: ['users:manage'] as Permission[] };
    expect(userChangeRefusal({ actor: manager, target: self })).toBeUndefined();
    expect(
      userChangeRefusal({ actor: manager, target: self, grantedPermissions: [] })?.details,
    ).toEqual({ rule: 'AC-7' });
    const admin = { userId: 'me', permissions: holding('users:manage', 'roles:manage') };
    expect(
      userChangeRefusal({ actor: admin, target: self, grantedPermissions: ['roles:manage'] }),
    ).toBeUndefined();
  });

  it('lists missing permissions once, sorted', () => {
    expect(
      missingPermissions(holding('assets:read'), [
        'users:manage',
        'assets:read',
        'roles:manage',
        'users:manage',
      ]),
    ).toEqual(['roles:manage', 'users:manage']);
  });
});
