// The camera side of scanning: reads QR codes from a playing <video> with
// the browser's BarcodeDetector where it reads QR codes (Chrome on Android,
// macOS, ChromeOS), else with jsQR on frames drawn to a canvas (Safari on
// iPads, Firefox, Windows, Linux). jsQR is imported only then, so it stays
// out of the app's initial chunk.
import { decodeQrPixels, fitWithin, nativeQrSupported, type BarcodeDetectorCtor } from './qr-scan';

export interface QrReader {
  /** `native` (BarcodeDetector) or `jsqr` (the fallback). */
  kind: 'native' | 'jsqr';
  /** The text of a QR code in the video's current frame, if any. */
  read(video: HTMLVideoElement): Promise<string | undefined>;
}

/** Chooses and prepares the decoder; throws if neither can run here. */
export async function openQrReader(): Promise<QrReader> {
  const Detector = (globalThis as { BarcodeDetector?: unknown }).BarcodeDetector;
  if (await nativeQrSupported(Detector)) {
    const detector = new (Detector as BarcodeDetectorCtor)({ formats: ['qr_code'] });
    return {
      kind: 'native',
      read: async (video) => {
        if (!frameReady(video)) return undefined;
        return (await detector.detect(video))[0]?.rawValue || undefined;
      },
    };
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('this browser cannot draw camera frames');
  return {
    kind: 'jsqr',
    read: (video) => {
      if (!frameReady(video)) return Promise.resolve(undefined);
      const { width, height } = fitWithin(video.videoWidth, video.videoHeight);
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      context.drawImage(video, 0, 0, width, height);
      return Promise.resolve(decodeQrPixels(jsQR, context.getImageData(0, 0, width, height)));
    },
  };
}

function frameReady(video: HTMLVideoElement): boolean {
  return video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0;
}
