import { Hono } from 'hono';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { AppEnv } from './env';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Paths the SPA fallback must never answer: the API and the operational endpoints. */
const notTheApp = /^\/(v1|health|ready|metrics|docs|openapi\.json)(\/|$)/;

/**
 * Vite puts content-hashed files under /assets (cache them for a year);
 * everything else (index.html, sw.js, the manifest, icons) must be
 * revalidated so a deployment reaches clients through the service worker's
 * update prompt.
 */
function cacheControl(path: string): string {
  return path.startsWith('/assets/') || /^\/workbox-[\w-]+\.js$/.test(path)
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
}

/** True when `dir` holds a built web app (web/dist). */
export function hasWebApp(dir: string | undefined): dir is string {
  return dir !== undefined && existsSync(resolve(dir, 'index.html'));
}

/**
 * Serves the built PWA from `root` on the API's origin: static files with
 * their content types, and index.html for any other GET that asks for HTML
 * (client-side routes). Requests outside `root` are refused by construction.
 */
export function webAppRoutes(root: string) {
  const base = resolve(root);
  const file = async (path: string) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const full = resolve(base, `.${decoded}`);
    if (full !== base && !full.startsWith(base + sep)) return undefined;
    // A path that is not there (or not readable) is not a file we serve: the caller answers 404.
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { full, size: info.size };
  };
  const send = async (path: string, full: string, head: boolean) => {
    const body = head ? null : new Uint8Array(await readFile(full));
    return new Response(body, {
      headers: {
        'content-type': contentTypes[extname(full)] ?? 'application/octet-stream',
        'cache-control': cacheControl(path),
      },
    });
  };
  const handler = async (c: {
    req: { path: string; method: string; header: (name: string) => string | undefined };
  }) => {
    const path = c.req.path === '/' ? '/index.html' : c.req.path;
    if (notTheApp.test(path)) return undefined;
    const head = c.req.method === 'HEAD';
    const found = await file(path);
    if (found) return send(path, found.full, head);
    const wantsHtml = (c.req.header('accept') ?? '').includes('text/html');
    if (!wantsHtml || extname(path) !== '') return undefined;
    return send('/index.html', resolve(base, 'index.html'), head);
  };
  return new Hono<AppEnv>().on(['GET', 'HEAD'], '*', async (c, next) => {
    const res = await handler(c);
    if (res) return res;
    await next();
  });
}
