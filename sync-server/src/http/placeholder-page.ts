import { Hono } from 'hono';
import type { AppEnv } from './env';

const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plantkeep</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>Plantkeep</h1>
<p>The API is running. The web app is served here once it is built.</p>
<ul><li><a href="/health">/health</a> — liveness</li><li><a href="/ready">/ready</a> — database reachable</li></ul>
</body>
</html>`;

/** Shown at / until the web app (web/dist) exists. */
export function placeholderPage() {
  return new Hono<AppEnv>().get('/', (c) => c.html(page));
}
