import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import '../browse.css';
import { assetIdFromScan, assetPath } from '../hash-query';
import { Link, navigate } from '../router';

/** The parts of the Barcode Detection API used here (not in TypeScript's DOM types yet). */
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (options: { formats: string[] }) => BarcodeDetectorLike;

function barcodeDetector(): BarcodeDetectorCtor | undefined {
  const ctor = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  return typeof ctor === 'function' ? ctor : undefined;
}

type CameraState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'scanning' }
  | { kind: 'unavailable'; reason: string };

/**
 * Scan an asset's QR label with the camera (getUserMedia + BarcodeDetector
 * where the browser has them) or type its tag. Both resolve against the
 * local replica, so they work offline.
 */
export function ScanScreen() {
  const { pg } = useRuntime();
  const [camera, setCamera] = useState<CameraState>(() =>
    !barcodeDetector()
      ? {
          kind: 'unavailable',
          reason:
            'This browser cannot read QR codes from the camera. Type the tag printed under the code instead.',
        }
      : !navigator.mediaDevices?.getUserMedia
        ? {
            kind: 'unavailable',
            reason: 'No camera access here (it needs a secure connection). Type the tag instead.',
          }
        : { kind: 'idle' },
  );
  const video = useRef<HTMLVideoElement>(null);
  const [tag, setTag] = useState('');
  const [problem, setProblem] = useState<string>();
  const [suggestions, setSuggestions] = useState<{ id: string; tag: string; name: string }[]>([]);

  const openScanned = async (text: string) => {
    const id = assetIdFromScan(text);
    if (id) return navigate(assetPath(id));
    // Not one of our URLs: perhaps a label carrying just the tag.
    await lookUp(text);
  };

  const lookUp = async (raw: string) => {
    const wanted = raw.trim();
    setProblem(undefined);
    setSuggestions([]);
    if (!wanted) return;
    const exact = await pg.query<{ id: string }>(
      'select id from assets where lower(tag) = lower($1) limit 1',
      [wanted],
    );
    const hit = exact.rows[0];
    if (hit) return navigate(assetPath(hit.id));
    const near = await pg.query<{ id: string; tag: string; name: string }>(
      `select id, tag, name from assets
        where strpos(lower(tag), lower($1)) > 0 or strpos(lower(name), lower($1)) > 0
        order by tag limit 10`,
      [wanted],
    );
    setSuggestions(near.rows);
    setProblem(`No asset has the tag “${wanted}”.`);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    lookUp(tag).catch((error: unknown) =>
      setProblem(error instanceof Error ? error.message : String(error)),
    );
  };

  const scanning = camera.kind === 'starting' || camera.kind === 'scanning';
  useEffect(() => {
    if (!scanning) return;
    const Detector = barcodeDetector();
    if (!Detector) return;
    let stopped = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const detector = new Detector({ formats: ['qr_code'] });
    const tick = async () => {
      if (stopped || !video.current) return;
      try {
        const found = await detector.detect(video.current);
        const text = found[0]?.rawValue;
        if (text && !stopped) {
          stopped = true;
          await openScanned(text);
          return;
        }
      } catch {
        // A frame that is not ready yet; try the next one.
      }
      timer = setTimeout(() => void tick(), 250);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (s) => {
        stream = s;
        if (stopped || !video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        setCamera({ kind: 'scanning' });
        await tick();
      })
      .catch((error: unknown) =>
        setCamera({
          kind: 'unavailable',
          reason: `The camera could not be opened (${error instanceof Error ? error.message : String(error)}). Type the tag instead.`,
        }),
      );
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
    // openScanned reads only stable values (pg, navigate): the camera restarts only with `scanning`.
  }, [scanning]);

  return (
    <section className="screen" data-testid="scan">
      <h1>Find an asset</h1>
      <form className="scan-manual" onSubmit={submit}>
        <label>
          Asset tag
          <input
            name="tag"
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            placeholder="e.g. PMP-0042"
            autoCapitalize="characters"
            autoComplete="off"
            data-testid="scan-tag"
          />
        </label>
        <button type="submit" className="primary" data-testid="scan-open">
          Open
        </button>
      </form>
      {problem ? (
        <p className="notice error" data-testid="scan-problem">
          {problem}
        </p>
      ) : null}
      {suggestions.length > 0 ? (
        <ul className="chips">
          {suggestions.map((s) => (
            <li key={s.id}>
              <Link to={assetPath(s.id)} className="chip">
                {s.tag} · {s.name}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}

      <h2>Camera</h2>
      {camera.kind === 'unavailable' ? (
        <p className="notice" data-testid="scan-camera-unavailable">
          {camera.reason}
        </p>
      ) : null}
      {camera.kind === 'idle' ? (
        <button type="button" className="primary" onClick={() => setCamera({ kind: 'starting' })}>
          Scan a QR label
        </button>
      ) : null}
      {scanning ? (
        <>
          <video ref={video} className="scan-video" muted playsInline />
          <p className="empty">
            {camera.kind === 'starting' ? 'Opening the camera…' : 'Point the camera at the label.'}
          </p>
          <button type="button" onClick={() => setCamera({ kind: 'idle' })}>
            Stop
          </button>
        </>
      ) : null}
    </section>
  );
}
