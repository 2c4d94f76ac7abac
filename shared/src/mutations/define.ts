import type { z } from 'zod';
import { AppError } from '../errors';
import type { MutationTx } from './tx';

/** A mutator's name and the words the needs-attention inbox uses for it. */
export interface MutatorInfo<N extends string, A> {
  name: N;
  /** What the user tried to do, in a few words ("New work order"). */
  label: string;
  /** The same with details from the arguments; called only with arguments that parse. */
  describe?: (args: A) => string;
}

export interface Mutator<N extends string = string, S extends z.ZodType = z.ZodType> {
  readonly name: N;
  readonly label: string;
  readonly args: S;
  describe?(args: z.output<S>): string;
  run(tx: MutationTx, args: z.output<S>): Promise<void>;
}

/** A mutation defined once: its name and labels, its argument schema and the function both sides run. */
export function defineMutator<const N extends string, S extends z.ZodType>(
  info: N | MutatorInfo<N, z.output<S>>,
  args: S,
  run: (tx: MutationTx, args: z.output<S>) => Promise<void>,
): Mutator<N, S> {
  const { name, label, describe } = typeof info === 'string' ? { name: info, label: info } : info;
  return { name, label, args, run, ...(describe ? { describe } : {}) };
}

/** `dueDate` → `Due date`, `assetId` → `Asset`: an argument's name in words. */
export const fieldWords = (key: string) => {
  const words = key
    .replace(/_?[iI]d$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The fields an update names, in words, for `describe`. */
export const fieldList = (changes: object) => Object.keys(changes).map(fieldWords).join(', ');

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message: string) => new AppError('AUTHZ', message);
