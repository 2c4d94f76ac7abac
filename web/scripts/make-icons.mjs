// Renders the app icon (a gear on green, same geometry as public/icon.svg)
// into PNGs without any image library: a tiny rasterizer and a PNG encoder.
// Run: node web/scripts/make-icons.mjs (outputs are committed).
import { writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';

const green = [0x1f, 0x51, 0x30];
const white = [0xff, 0xff, 0xff];
const amber = [0xf2, 0xc1, 0x4e];

/** Colour at a point of the 512×512 design (no transparency: maskable-safe). */
function colour(x, y) {
  const d = Math.hypot(x - 256, y - 256);
  if (d <= 44) return amber;
  if (Math.abs(d - 150) <= 28) return white;
  const bar = (x0, y0, w, h) => x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
  if (
    bar(228, 60, 56, 120) ||
    bar(228, 332, 56, 120) ||
    bar(60, 228, 120, 56) ||
    bar(332, 228, 120, 56)
  )
    return white;
  return green;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size) {
  const raw = Buffer.alloc(size * (size * 3 + 1));
  const samples = 4; // 4×4 supersampling for smooth edges
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0];
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++) {
          const c = colour(
            ((x + (sx + 0.5) / samples) * 512) / size,
            ((y + (sy + 0.5) / samples) * 512) / size,
          );
          for (let i = 0; i < 3; i++) acc[i] += c[i];
        }
      for (let i = 0; i < 3; i++)
        raw[y * (size * 3 + 1) + 1 + x * 3 + i] = Math.round(acc[i] / (samples * samples));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [192, 512]) {
  writeFileSync(new URL(`../public/icon-${size}.png`, import.meta.url), png(size));
}
