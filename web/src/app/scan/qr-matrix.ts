import qrcode from 'qrcode-generator';

/** A QR code's modules: `size` × `size`, without the quiet zone. */
export interface QrMatrix {
  size: number;
  isDark(row: number, col: number): boolean;
}

/** Modules of quiet zone a label draws around the code (the standard asks for 4). */
export const qrQuietZone = 4;

/**
 * How the app encodes a QR label: error correction M, byte mode, the
 * smallest version that fits. The labels, the scanner's tests and the
 * browser test's fake camera all draw codes from this one function.
 */
export function qrMatrix(text: string): QrMatrix {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  return { size: qr.getModuleCount(), isDark: (row, col) => qr.isDark(row, col) };
}

/**
 * A QR code as an 8-bit grey image (dark modules 0, everything else 255),
 * `moduleSize` pixels per module, quiet zone included: what a camera sees
 * of a printed label, for tests and the browser test's fake camera.
 */
export function qrLuma(text: string, moduleSize: number): { side: number; luma: Uint8Array } {
  const qr = qrMatrix(text);
  const side = (qr.size + 2 * qrQuietZone) * moduleSize;
  const luma = new Uint8Array(side * side).fill(255);
  for (let row = 0; row < qr.size; row++) {
    for (let col = 0; col < qr.size; col++) {
      if (!qr.isDark(row, col)) continue;
      const top = (row + qrQuietZone) * moduleSize;
      const left = (col + qrQuietZone) * moduleSize;
      for (let y = top; y < top + moduleSize; y++)
        luma.fill(0, y * side + left, y * side + left + moduleSize);
    }
  }
  return { side, luma };
}
