// What the scan screen does with a QR code, without the camera: which
// decoder to use, the frame size to decode at, and what a decoded text
// means. Pure, so it is unit-tested in Node (qr-scan.test.ts).
import type jsQR from 'jsqr';
import { assetPath } from '../assets/asset-links';

/** jsQR's decode function; the scan screen imports the library only when it needs it. */
export type JsQr = typeof jsQR;

/** How long the camera loop waits between two decoded frames. */
export const frameIntervalMs = 150;

/** Frames are drawn with their longer side at most this many pixels before decoding. */
export const maxFrameSide = 640;

/** What a scanned (or typed) text leads to. */
export type ScanResolution =
  /** One of our asset labels: open `path` inside the app. */
  | { kind: 'asset'; id: string; path: string }
  /** Plain text: perhaps a tag, to look up in the replica. */
  | { kind: 'tag'; tag: string }
  /** Nothing to open; `message` says why. */
  | { kind: 'refused'; message: string };

const assetHash =
  /^#\/assets\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?].*)?$/i;
/** Text that starts like an address (`https://…`, `ftp://…`) rather than a tag. */
const addressLike = /^[a-z][a-z0-9+.-]*:\/\//i;
/** Longer than any tag a label prints; such text is something else. */
const maxTagLength = 64;
const notALabel = 'This QR code is not a Plantkeep asset label.';

/**
 * Resolves what a QR code (or the tag field) holds. Labels carry
 * `<origin>/#/assets/<id>` (see `assetUrl`); only this app's own origin is
 * opened, and only inside the app: an address elsewhere is refused with a
 * message naming its host, never followed.
 */
export function resolveScan(text: string, ownOrigin: string): ScanResolution {
  const wanted = text.trim();
  if (!wanted) return { kind: 'refused', message: 'The QR code is empty.' };
  if (addressLike.test(wanted)) {
    let url: URL;
    try {
      url = new URL(wanted);
    } catch {
      return { kind: 'refused', message: notALabel };
    }
    if (url.origin !== new URL(ownOrigin).origin) {
      return {
        kind: 'refused',
        message: `This QR code points to another site (${url.host || url.protocol}), not to this Plantkeep (${new URL(ownOrigin).host}); it was not opened.`,
      };
    }
    const match = assetHash.exec(url.hash);
    if (!match) return { kind: 'refused', message: 'This QR code opens Plantkeep, not an asset.' };
    const id = match[1]!.toLowerCase();
    return { kind: 'asset', id, path: assetPath(id) };
  }
  // eslint-disable-next-line no-control-regex -- control characters are what is being refused
  if (wanted.length > maxTagLength || /[\u0000-\u001f\u007f]/.test(wanted)) {
    return { kind: 'refused', message: notALabel };
  }
  return { kind: 'tag', tag: wanted };
}

/** The size to draw a `width` × `height` frame at: longer side ≤ `max`, aspect kept, never enlarged. */
export function fitWithin(
  width: number,
  height: number,
  max = maxFrameSide,
): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height, 1));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** RGBA pixels, as a 2D canvas' `getImageData` returns them. */
export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** The text of the QR code in an RGBA image, or undefined when there is none (or it is empty). */
export function decodeQrPixels(decode: JsQr, image: Pixels): string | undefined {
  // Labels are dark on light: skipping the inverted pass halves the work per frame.
  const found = decode(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
  return found?.data ? found.data : undefined;
}

/** The parts of the Barcode Detection API used here (not in TypeScript's DOM types yet). */
export interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
export interface BarcodeDetectorCtor {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?: () => Promise<string[]>;
}

/**
 * Whether the browser's own detector can read QR codes. It exists only in
 * Chrome on Android, macOS and ChromeOS, and may exist yet support nothing
 * (it then refuses every frame), so the supported formats decide.
 */
export async function nativeQrSupported(ctor: unknown): Promise<boolean> {
  if (typeof ctor !== 'function') return false;
  const formats = (ctor as BarcodeDetectorCtor).getSupportedFormats;
  if (typeof formats !== 'function') return false;
  try {
    return (await formats.call(ctor)).includes('qr_code');
  } catch {
    return false;
  }
}
