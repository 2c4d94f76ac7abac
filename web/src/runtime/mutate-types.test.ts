import { describe, expect, it } from 'vitest';
import type { LocalStore } from '../sync';
import type { Mutate } from './use-mutate';

/*
 * Type-level tests: `npm run typecheck` fails if any `@ts-expect-error` below
 * stops being an error, i.e. if a wrong mutation name or argument shape
 * compiles again. The functions are never called; only the compiler runs them.
 */
const id = '0b6f3a52-3c1e-4d38-9a57-0d3f5f8c2e11';

function throughUseMutate(mutate: Mutate) {
  void mutate('workOrder.transition', { id, to: 'completed' });
  // @ts-expect-error: no such mutation
  void mutate('workOrder.explode', { id });
  // @ts-expect-error: `to` must be a status
  void mutate('workOrder.transition', { id, to: 'finished' });
  // @ts-expect-error: `to` is required
  void mutate('workOrder.transition', { id });
  // @ts-expect-error: an argument workOrder.transition does not have
  void mutate('workOrder.transition', { id, to: 'completed', colour: 'red' });
  // @ts-expect-error: another mutation's arguments
  void mutate('workOrder.assign', { id, to: 'completed' });
}

function throughLocalStore(store: LocalStore) {
  void store.mutate('workOrder.create', { id, title: 'T', type: 'corrective', priority: 'high' });
  // @ts-expect-error: no such mutation
  void store.mutate('workorder.create', { id, title: 'T', type: 'corrective', priority: 'high' });
  // @ts-expect-error: priority is an enum
  void store.mutate('workOrder.create', { id, title: 'T', type: 'corrective', priority: 'urgent' });
  const fromData: string = 'workOrder.create';
  // @ts-expect-error: a name from data needs parseMutation first (mutateParsed)
  void store.mutate(fromData, {});
  // @ts-expect-error: mutateParsed takes only what parseMutation returns
  void store.mutateParsed({ name: 'workOrder.create', args: {} });
}

describe('mutate is typed from the shared catalog', () => {
  it('compiles only known names with their own argument shapes (checked by the typecheck)', () => {
    expect([throughUseMutate, throughLocalStore].every((f) => typeof f === 'function')).toBe(true);
  });
});
