import * as Y from 'yjs';
import { AppError } from '../errors';
import { MAX_UPDATE_BYTES } from './layout';

/**
 * Bytes on the wire and in rows. `ydoc.update` carries its update as
 * standard base64 (JSON has no bytes); `ydoc_updates.update` is bytea, which
 * reads back as a Uint8Array (PGlite), a Buffer (node-postgres, a Uint8Array
 * too) or, in the text form of the shape protocol, `\x` + hex.
 */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const lookup = new Map([...alphabet].map((c, i) => [c, i]));
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64(s: string): boolean {
  return base64Pattern.test(s);
}

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? alphabet[n & 63] : '=';
  }
  return out;
}

export function fromBase64(s: string): Uint8Array {
  if (!isBase64(s)) throw new AppError('VALIDATION', 'The update is not valid base64');
  const padding = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const n =
      ((lookup.get(s[i] ?? 'A') ?? 0) << 18) |
      ((lookup.get(s[i + 1] ?? 'A') ?? 0) << 12) |
      ((lookup.get(s[i + 2] ?? 'A') ?? 0) << 6) |
      (lookup.get(s[i + 3] ?? 'A') ?? 0);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** A bytea value as any side reads it: Uint8Array / Buffer, or `\x`-hex text. */
export function byteaBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string' && /^\\x([0-9a-f]{2})*$/i.test(value)) {
    const out = new Uint8Array((value.length - 2) / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(value.slice(2 + 2 * i, 4 + 2 * i), 16);
    return out;
  }
  throw new Error('not a bytea value');
}

/** Decodes `ydoc.update`'s base64 argument, refusing oversized updates (docs/SPEC.md YD-2). */
export function decodeUpdateArg(base64: string): Uint8Array {
  const tooLarge = () =>
    new AppError(
      'PAYLOAD_TOO_LARGE',
      `A document update may hold at most ${MAX_UPDATE_BYTES} bytes`,
      {
        maxBytes: MAX_UPDATE_BYTES,
      },
    );
  if (base64.length > Math.ceil(MAX_UPDATE_BYTES / 3) * 4) throw tooLarge();
  const bytes = fromBase64(base64);
  if (bytes.length > MAX_UPDATE_BYTES) throw tooLarge();
  if (bytes.length === 0) throw new AppError('VALIDATION', 'The update is empty');
  return bytes;
}

/** A document built from stored updates, in any order (Yjs updates commute and repeat safely). */
export function docFromUpdates(updates: Iterable<Uint8Array>): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const u of updates) Y.applyUpdate(doc, u);
  });
  return doc;
}

/**
 * Applies an update received from a client. Malformed bytes are
 * `VALIDATION`; an update that depends on changes this document does not
 * hold (e.g. a refused earlier update of the same device) is `CONFLICT`, so
 * nothing invisible is stored that a later update could bring to life.
 */
export function applyClientUpdate(doc: Y.Doc, update: Uint8Array): void {
  const pending = () => doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  const hadPending = pending();
  try {
    Y.applyUpdate(doc, update);
  } catch {
    throw new AppError('VALIDATION', 'The update is not a valid Yjs update');
  }
  if (!hadPending && pending()) {
    throw new AppError(
      'CONFLICT',
      'The update depends on changes the server has not accepted; rebuild the document and retry',
    );
  }
}

/** The whole document as one update (compaction; deleted content is garbage-collected). */
export function compactUpdates(updates: Iterable<Uint8Array>): Uint8Array {
  return Y.encodeStateAsUpdate(docFromUpdates(updates));
}
