import { describe, expect, it } from 'vitest';
import { defaultRolePermissions, type DefaultRoleName } from '../auth/permissions';
import { workOrderStatuses } from './enums';
import { checkTransition, workOrderTransitions } from './work-order-states';

const actor = (role: DefaultRoleName) => ({
  userId: 'me',
  tenantId: 't',
  permissions: new Set(defaultRolePermissions[role]),
});
const assigned = { requesterId: null, assigneeIds: ['me'] };

describe('work-order state machine', () => {
  it('never leaves verified or cancelled, and cancels only before completion', () => {
    expect(workOrderTransitions.verified).toEqual([]);
    expect(workOrderTransitions.cancelled).toEqual([]);
    for (const status of workOrderStatuses) {
      const canCancel = workOrderTransitions[status].includes('cancelled');
      expect(canCancel).toBe(!['completed', 'verified', 'cancelled'].includes(status));
    }
  });

  it('refuses transitions outside the machine', () => {
    expect(checkTransition(actor('Admin'), assigned, 'open', 'verified', undefined)).toMatchObject({
      code: 'invalid',
    });
    expect(checkTransition(actor('Admin'), assigned, 'cancelled', 'open', undefined)).toMatchObject(
      { code: 'invalid' },
    );
  });

  it('asks for a reason to hold or cancel', () => {
    expect(
      checkTransition(actor('Technician'), assigned, 'in_progress', 'on_hold', ' '),
    ).toMatchObject({ code: 'reason' });
    expect(
      checkTransition(actor('Technician'), assigned, 'in_progress', 'on_hold', 'waiting for parts'),
    ).toBeUndefined();
  });

  it('lets assignees work, managers verify, and only approvers approve requests', () => {
    const tech = actor('Technician');
    expect(checkTransition(tech, assigned, 'open', 'in_progress', undefined)).toBeUndefined();
    expect(
      checkTransition(
        tech,
        { requesterId: null, assigneeIds: [] },
        'open',
        'in_progress',
        undefined,
      ),
    ).toMatchObject({
      code: 'forbidden',
    });
    expect(checkTransition(tech, assigned, 'completed', 'verified', undefined)).toMatchObject({
      code: 'forbidden',
    });
    expect(
      checkTransition(actor('Supervisor'), assigned, 'completed', 'verified', undefined),
    ).toBeUndefined();
    expect(checkTransition(tech, assigned, 'requested', 'open', undefined)).toMatchObject({
      code: 'forbidden',
    });
    const ownRequest = { requesterId: 'me', assigneeIds: [] };
    expect(
      checkTransition(actor('Requester'), ownRequest, 'requested', 'cancelled', 'no longer needed'),
    ).toBeUndefined();
    expect(
      checkTransition(actor('Requester'), ownRequest, 'requested', 'open', undefined),
    ).toMatchObject({ code: 'forbidden' });
  });
});
