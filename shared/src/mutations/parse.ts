import type { z } from 'zod';
import { AppError } from '../errors';
import { mutators, type MutationName } from './catalog';
import type { Mutator } from './define';

declare const parsed: unique symbol;

/**
 * A mutation whose name is in the catalog and whose arguments passed its
 * schema. Only `parseMutation` makes one, so a queue or a server that takes
 * a `ParsedMutation` never runs unchecked input.
 */
export interface ParsedMutation {
  readonly name: MutationName;
  readonly mutator: Mutator;
  /** The arguments as the schema outputs them (trimmed, defaults applied): what the mutator runs on. */
  readonly args: unknown;
  /** The arguments as given: what a queue stores and sends (the server parses them again). */
  readonly input: unknown;
  readonly [parsed]: true;
}

/** The catalog's mutator of that name, or undefined (never an inherited property such as `toString`). */
export function findMutator(name: string): Mutator | undefined {
  return Object.hasOwn(mutators, name) ? mutators[name as MutationName] : undefined;
}

type Issue = z.core.$ZodIssue;

const dotted = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** Argument keys the schema does not know, with their paths (`changes.colour`). */
function unknownKeys(issues: readonly Issue[]): string[] {
  return issues.flatMap((i) =>
    i.code === 'unrecognized_keys' ? i.keys.map((k) => dotted([...i.path, k])) : [],
  );
}

/**
 * Looks a mutation up and validates its arguments, the same on the device and
 * on the server. Failures are VALIDATION errors: an unknown name, or invalid
 * arguments with `details.issues` (`{path, message}` each). Arguments the
 * schema does not know are refused, never dropped (docs/SPEC.md MU-13), and
 * named in `details.unknownKeys`.
 */
export function parseMutation(name: string, args: unknown): ParsedMutation {
  const mutator = findMutator(name);
  if (!mutator) throw new AppError('VALIDATION', `Unknown mutation ${name}`, { name });
  const result = mutator.args.safeParse(args);
  if (!result.success) {
    const issues = result.error.issues;
    const unknown = unknownKeys(issues);
    throw new AppError(
      'VALIDATION',
      unknown.length > 0
        ? `Invalid arguments for ${name}: not known here: ${unknown.join(', ')}`
        : `Invalid arguments for ${name}`,
      {
        issues: issues.map((i) => ({ path: dotted(i.path), message: i.message })),
        ...(unknown.length > 0 ? { unknownKeys: unknown } : {}),
      },
    );
  }
  return {
    name: mutator.name as MutationName,
    mutator,
    args: result.data,
    input: args,
  } as ParsedMutation;
}
