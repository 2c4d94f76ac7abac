import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrLuma } from './qr-matrix';
import { assetPath, assetUrl } from '../assets/asset-links';
import { decodeQrPixels, fitWithin, nativeQrSupported, resolveScan, type Pixels } from './qr-scan';

const origin = 'https://plant.example.com';
const id = '0b7f3c2e-9a41-4d6b-8c0e-5f1a2b3c4d5e';

describe('resolveScan', () => {
  it('opens a label of this origin as the asset page inside the app', () => {
    expect(resolveScan(assetUrl(origin, id), origin)).toEqual({
      kind: 'asset',
      id,
      path: assetPath(id),
    });
    // What a reader may add or change: surrounding whitespace, upper-case hex, a trailing query.
    expect(resolveScan(`  ${origin}/#/assets/${id.toUpperCase()}\n`, origin)).toMatchObject({
      kind: 'asset',
      id,
    });
    expect(resolveScan(`${origin}/#/assets/${id}?from=label`, origin)).toMatchObject({ id });
    // The origin given with a trailing slash still counts as this origin.
    expect(resolveScan(assetUrl(origin, id), `${origin}/`)).toMatchObject({ kind: 'asset' });
  });

  it('refuses an address on any other origin, naming its host, never giving a path', () => {
    for (const foreign of [
      assetUrl('https://evil.example', id),
      assetUrl('http://plant.example.com', id), // another scheme
      assetUrl('https://plant.example.com:8443', id), // another port
      assetUrl('https://sub.plant.example.com', id),
      `https://plant.example.com@evil.example/#/assets/${id}`,
    ]) {
      const resolved = resolveScan(foreign, origin);
      expect(resolved.kind, foreign).toBe('refused');
      expect(resolved).not.toHaveProperty('path');
      const host = new URL(foreign).host;
      expect(resolved.kind === 'refused' && resolved.message, foreign).toContain(host);
      expect(resolved.kind === 'refused' && resolved.message).toContain('was not opened');
    }
    expect(resolveScan('ftp://files.example/x', origin)).toMatchObject({ kind: 'refused' });
  });

  it('refuses an address of this origin that is not an asset label', () => {
    for (const other of [
      `${origin}/#/work-orders/${id}`,
      `${origin}/#/assets/not-a-uuid`,
      `${origin}/#/assets/${id}x`,
      `${origin}/`,
    ]) {
      expect(resolveScan(other, origin), other).toEqual({
        kind: 'refused',
        message: 'This QR code opens Plantkeep, not an asset.',
      });
    }
  });

  it('looks plain text up as a tag, trimmed', () => {
    expect(resolveScan(' PMP-0042 ', origin)).toEqual({ kind: 'tag', tag: 'PMP-0042' });
    // Not an address: at worst "no asset has the tag …", never a navigation.
    expect(resolveScan('javascript:alert(1)', origin)).toEqual({
      kind: 'tag',
      tag: 'javascript:alert(1)',
    });
  });

  it('refuses empty text and text no label carries', () => {
    expect(resolveScan('  ', origin)).toEqual({
      kind: 'refused',
      message: 'The QR code is empty.',
    });
    const notALabel = { kind: 'refused', message: 'This QR code is not a Plantkeep asset label.' };
    expect(resolveScan('x'.repeat(65), origin)).toEqual(notALabel);
    expect(resolveScan('BEGIN:VCARD\nFN:Someone\nEND:VCARD', origin)).toEqual(notALabel);
    expect(resolveScan('tag\u0000with-nul', origin)).toEqual(notALabel);
    expect(resolveScan('https://[broken', origin)).toEqual(notALabel);
  });
});

describe('fitWithin', () => {
  it('shrinks the longer side to the limit, keeping the aspect, and never enlarges', () => {
    expect(fitWithin(1920, 1080)).toEqual({ width: 640, height: 360 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 480, height: 640 });
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
    expect(fitWithin(320, 240)).toEqual({ width: 320, height: 240 });
    expect(fitWithin(0, 0)).toEqual({ width: 1, height: 1 });
  });
});

/** A camera frame: mid-grey background, the code's grey image pasted at (x, y), as RGBA. */
function frame(
  width: number,
  height: number,
  text: string,
  moduleSize: number,
  x: number,
  y: number,
) {
  const { side, luma } = qrLuma(text, moduleSize);
  const data = new Uint8ClampedArray(width * height * 4).fill(128);
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const at = ((y + row) * width + x + col) * 4;
      const v = luma[row * side + col]!;
      data[at] = data[at + 1] = data[at + 2] = v;
    }
  }
  for (let at = 3; at < data.length; at += 4) data[at] = 255;
  return { data, width, height };
}

/** Area-average downscale, roughly what drawing a video frame to a smaller canvas does. */
function downscale(image: Pixels, width: number, height: number): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  const fx = image.width / width;
  const fy = image.height / height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        let n = 0;
        for (let sy = Math.floor(y * fy); sy < Math.floor((y + 1) * fy); sy++) {
          for (let sx = Math.floor(x * fx); sx < Math.floor((x + 1) * fx); sx++) {
            sum += image.data[(sy * image.width + sx) * 4 + c]!;
            n++;
          }
        }
        data[(y * width + x) * 4 + c] = sum / n;
      }
    }
  }
  return { data, width, height };
}

describe('decodeQrPixels (jsQR)', () => {
  const label = assetUrl('http://127.0.0.1:41234', id);

  it('reads a label drawn the way the app draws it', () => {
    expect(decodeQrPixels(jsQR, frame(480, 360, label, 6, 50, 20))).toBe(label);
  });

  it('reads it from a 1280×720 frame downscaled to the decoding size', () => {
    const big = frame(1280, 720, label, 8, 700, 150);
    const size = fitWithin(big.width, big.height);
    expect(size).toEqual({ width: 640, height: 360 });
    expect(decodeQrPixels(jsQR, downscale(big, size.width, size.height))).toBe(label);
  });

  it('finds nothing in a frame without a code', () => {
    const blank = { data: new Uint8ClampedArray(320 * 240 * 4).fill(200), width: 320, height: 240 };
    expect(decodeQrPixels(jsQR, blank)).toBeUndefined();
  });
});

describe('nativeQrSupported', () => {
  const detector = (formats: () => Promise<string[]>) =>
    Object.assign(function BarcodeDetector() {}, { getSupportedFormats: formats });

  it('uses the browser detector only when it lists qr_code', async () => {
    expect(await nativeQrSupported(undefined)).toBe(false);
    expect(await nativeQrSupported(function BarcodeDetector() {})).toBe(false);
    expect(await nativeQrSupported(detector(() => Promise.resolve([])))).toBe(false);
    expect(await nativeQrSupported(detector(() => Promise.resolve(['ean_13'])))).toBe(false);
    expect(await nativeQrSupported(detector(() => Promise.reject(new Error('no'))))).toBe(false);
    expect(await nativeQrSupported(detector(() => Promise.resolve(['ean_13', 'qr_code'])))).toBe(
      true,
    );
  });
});
