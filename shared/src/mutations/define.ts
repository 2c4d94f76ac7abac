import type { z } from 'zod';
import { AppError } from '../errors';
import type { MutationTx } from './tx';

export interface Mutator<S extends z.ZodType = z.ZodType> {
  name: string;
  args: S;
  run(tx: MutationTx, args: z.infer<S>): Promise<void>;
}

/** A mutation defined once: its argument schema and the function both sides run. */
export function defineMutator<S extends z.ZodType>(
  name: string,
  args: S,
  run: (tx: MutationTx, args: z.infer<S>) => Promise<void>,
): Mutator<S> {
  return { name, args, run };
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message: string) => new AppError('AUTHZ', message);
