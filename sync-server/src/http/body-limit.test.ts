import type { ErrorBody } from '@plantkeep/shared';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { limitBody, readJson } from './body-limit';
import type { AppEnv } from './env';
import { onError } from './errors';
import { requestContext } from './request-context';

function app() {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(createLogger('silent')));
  app.post('/echo', limitBody(64), async (c) => c.json({ data: await readJson(c) }));
  app.post('/text', limitBody(64), async (c) => c.text(await c.req.text()));
  app.onError(onError);
  return app;
}

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function errorCode(res: Response) {
  return ((await res.json()) as ErrorBody).error.code;
}

const json = { 'content-type': 'application/json' };

describe('limitBody', () => {
  it('passes a body within the limit through intact', async () => {
    const res = await app().request('/echo', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ title: 'Pump P-101 leaks' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { title: 'Pump P-101 leaks' } });
  });

  it('refuses an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await app().request('/echo', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ notes: 'x'.repeat(100) }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { maxBytes: 64 } });
    expect(body.error.requestId).toBeTruthy();
  });

  it('refuses on the declared length alone', async () => {
    const res = await app().request('/text', {
      method: 'POST',
      headers: { 'content-length': '1000000' },
      body: 'small',
    });
    expect(res.status).toBe(413);
  });

  it('counts the bytes when Content-Length understates them', async () => {
    const res = await app().request('/text', {
      method: 'POST',
      headers: { 'content-length': '5' },
      body: 'y'.repeat(200),
    });
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('counts the bytes of a chunked body', async () => {
    const big = await app().request('/text', {
      method: 'POST',
      body: streamOf('a'.repeat(40), 'b'.repeat(40)),
      duplex: 'half',
    });
    expect(big.status).toBe(413);
    expect(await errorCode(big)).toBe('PAYLOAD_TOO_LARGE');

    const small = await app().request('/text', {
      method: 'POST',
      body: streamOf('a'.repeat(30), 'b'.repeat(30)),
      duplex: 'half',
    });
    expect(small.status).toBe(200);
    expect(await small.text()).toBe('a'.repeat(30) + 'b'.repeat(30));
  });
});

describe('readJson', () => {
  it('accepts +json media types and charset parameters', async () => {
    for (const type of ['application/json; charset=utf-8', 'application/merge-patch+json']) {
      const res = await app().request('/echo', {
        method: 'POST',
        headers: { 'content-type': type },
        body: '[1,2]',
      });
      expect(res.status).toBe(200);
    }
  });

  it('refuses malformed JSON with 400 VALIDATION', async () => {
    const res = await app().request('/echo', { method: 'POST', headers: json, body: '{"a":' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toMatchObject({
      code: 'VALIDATION',
      message: 'Request body must be valid JSON',
    });
  });

  it('refuses an empty body', async () => {
    const res = await app().request('/echo', { method: 'POST', headers: json });
    expect(res.status).toBe(400);
  });

  it('refuses a non-JSON content type even if the body parses', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      const res = await app().request('/echo', {
        method: 'POST',
        headers: { 'content-type': type },
        body: '{}',
      });
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION');
    }
  });
});
