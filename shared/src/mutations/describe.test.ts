import { describe, expect, it } from 'vitest';
import { describeMutation } from './describe';

const id = '0b6f3a52-3c1e-4d38-9a57-0d3f5f8c2e11';

describe('describeMutation (the needs-attention inbox line, from mutator metadata)', () => {
  it.each([
    [
      'workOrder.create',
      { id, title: 'Leaking valve', type: 'corrective', priority: 'high' },
      'New work order “Leaking valve”',
    ],
    ['request.submit', { id, title: 'Light out' }, 'New request “Light out”'],
    [
      'workOrder.update',
      { id, changes: { title: 'x', dueDate: null, assetId: null } },
      'Change to a work order (Title, Due date, Asset)',
    ],
    ['workOrder.transition', { id, to: 'in_progress' }, 'Set a work order in progress'],
    ['workOrder.assign', { id, assigneeIds: [] }, 'Assignment of a work order'],
    ['asset.update', { id, changes: { serialNumber: 'S1' } }, 'Change to an asset (Serial number)'],
    [
      'inventory.adjust',
      { id, partId: id, stockLocationId: id, countedQuantity: 4 },
      'Stock count (4)',
    ],
    ['ydoc.update', { docId: id, update: 'AA==' }, 'Checklist or comment edits on a work order'],
  ])('%s', (name, args, text) => {
    expect(describeMutation(name, args)).toBe(text);
  });

  it('falls back to the label when the stored arguments no longer parse', () => {
    expect(describeMutation('workOrder.create', { id, title: '' })).toBe('New work order');
    expect(describeMutation('workOrder.transition', 'garbage')).toBe(
      'Status change of a work order',
    );
  });

  it('shows an unknown name (a newer app’s mutation) as it is', () => {
    expect(describeMutation('workOrder.explode', {})).toBe('workOrder.explode');
  });
});
