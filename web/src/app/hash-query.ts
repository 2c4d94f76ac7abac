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

/** The asset page's address inside the app; QR labels encode it with the origin in front. */
export const assetPath = (id: string) => `/assets/${encodeURIComponent(id)}`;

/** The full URL a QR label carries: opening it (or scanning it in the app) shows the asset. */
export const assetUrl = (origin: string, id: string) => `${origin}/#${assetPath(id)}`;
