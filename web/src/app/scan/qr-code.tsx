import { useMemo } from 'react';
import { qrMatrix, qrQuietZone } from './qr-matrix';

/** The dark modules of a QR code for `text` as one SVG path (quiet zone of 4 modules). */
export function qrPath(text: string): { size: number; d: string } {
  const qr = qrMatrix(text);
  const count = qr.size;
  const margin = qrQuietZone;
  const parts: string[] = [];
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.isDark(row, col)) parts.push(`M${col + margin} ${row + margin}h1v1h-1z`);
    }
  }
  return { size: count + margin * 2, d: parts.join('') };
}

/** A crisp, scalable QR code (SVG); prints at any size. */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, d } = useMemo(() => qrPath(text), [text]);
  return (
    <svg
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
      data-qr={text}
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
