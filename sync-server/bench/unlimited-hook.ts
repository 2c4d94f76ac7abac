/**
 * Preloaded into the server process (`--import`) for `--rate-limits off`: a
 * module resolution hook that hands src/app.ts the benchmark's unlimited
 * rate limits instead of src/http/rate-limits.ts. Nothing else of the app changes.
 */
import { register } from 'node:module';

const stub = new URL('./unlimited-rate-limits.ts', import.meta.url).href;

const hooks = `
let stub;
export function initialize(data) { stub = data.stub; }
export async function resolve(specifier, context, next) {
  if (specifier === './http/rate-limits' && (context.parentURL ?? '').endsWith('/src/app.ts')) {
    return { url: stub, shortCircuit: true };
  }
  return next(specifier, context);
}
`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`, {
  parentURL: import.meta.url,
  data: { stub },
});
