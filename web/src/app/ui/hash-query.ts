import { usePath } from './router';

/** The query part of a hash route (`#/work-orders/new?asset=…`), as URLSearchParams. */
export function hashQuery(path: string): URLSearchParams {
  const at = path.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : path.slice(at + 1));
}

/** One parameter of the current hash route's query ('' when absent). */
export function useHashParam(name: string): string {
  return hashQuery(usePath()).get(name) ?? '';
}
