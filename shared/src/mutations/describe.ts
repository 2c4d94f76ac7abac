import { findMutator } from './parse';

/**
 * One line saying what the user tried to do, from the mutator's own metadata
 * (`label`, `describe`): for the needs-attention inbox, whose stored arguments
 * may no longer parse (that can be why they were refused), so the details
 * appear only when they do. An unknown name (a newer app's mutation) is shown
 * as it is.
 */
export function describeMutation(name: string, args: unknown): string {
  const mutator = findMutator(name);
  if (!mutator) return name;
  if (!mutator.describe) return mutator.label;
  const parsed = mutator.args.safeParse(args);
  return parsed.success ? mutator.describe(parsed.data) : mutator.label;
}
