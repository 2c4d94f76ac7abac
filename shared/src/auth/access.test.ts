import { describe, expect, it } from 'vitest';
import {
  canAssignWorkOrder,
  canReadRequest,
  canReadWorkOrder,
  canSeeInternalComments,
  canUpdateWorkOrder,
  isReadOnly,
  type Actor,
} from './access';
import { defaultRolePermissions, type DefaultRoleName } from './permissions';

const me = 'u-me';
const other = 'u-other';
const actor = (role: DefaultRoleName): Actor => ({
  userId: me,
  tenantId: 't',
  permissions: new Set(defaultRolePermissions[role]),
});
const mine = { requesterId: null, assigneeIds: [me] };
const theirs = { requesterId: null, assigneeIds: [other] };
const unassigned = { requesterId: null, assigneeIds: [] };

describe('work-order row scope', () => {
  it('lets technicians read all work but update only their own', () => {
    const tech = actor('Technician');
    expect(canReadWorkOrder(tech, theirs)).toBe(true);
    expect(canUpdateWorkOrder(tech, mine)).toBe(true);
    expect(canUpdateWorkOrder(tech, theirs)).toBe(false);
    expect(canUpdateWorkOrder(tech, unassigned)).toBe(false);
  });

  it('lets technicians self-assign unassigned work, nothing else', () => {
    const tech = actor('Technician');
    expect(canAssignWorkOrder(tech, unassigned, [me])).toBe(true);
    expect(canAssignWorkOrder(tech, unassigned, [other])).toBe(false);
    expect(canAssignWorkOrder(tech, unassigned, [me, other])).toBe(false);
    expect(canAssignWorkOrder(tech, theirs, [me])).toBe(false);
  });

  it('lets supervisors and admins update and assign any work', () => {
    for (const role of ['Supervisor', 'Admin'] as const) {
      expect(canUpdateWorkOrder(actor(role), theirs)).toBe(true);
      expect(canAssignWorkOrder(actor(role), theirs, [other])).toBe(true);
    }
  });

  it('shows requesters only their own requests and no internal comments', () => {
    const requester = actor('Requester');
    expect(canReadRequest(requester, { requesterId: me })).toBe(true);
    expect(canReadRequest(requester, { requesterId: other })).toBe(false);
    expect(canReadWorkOrder(requester, { requesterId: me, assigneeIds: [other] })).toBe(true);
    expect(canReadWorkOrder(requester, theirs)).toBe(false);
    expect(canUpdateWorkOrder(requester, { requesterId: me, assigneeIds: [] })).toBe(false);
    expect(canSeeInternalComments(requester)).toBe(false);
    expect(canSeeInternalComments(actor('Technician'))).toBe(true);
  });

  it('keeps viewers read-only', () => {
    const viewer = actor('Viewer');
    expect(isReadOnly(viewer)).toBe(true);
    expect(isReadOnly(actor('Technician'))).toBe(false);
    expect(canReadWorkOrder(viewer, theirs)).toBe(true);
    expect(canUpdateWorkOrder(viewer, mine)).toBe(false);
    expect(canAssignWorkOrder(viewer, unassigned, [me])).toBe(false);
  });
});
