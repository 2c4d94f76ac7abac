import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import '../ui/browse.css';
import { assetPath } from '../assets/asset-links';
import { frameIntervalMs, resolveScan } from './qr-scan';
import { openQrReader, type QrReader } from './qr-reader';
import { Link, navigate } from '../ui/router';

type CameraState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'scanning'; decoder: QrReader['kind'] }
  | { kind: 'unavailable'; reason: string };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Scan an asset's QR label with the camera (getUserMedia; the browser's
 * BarcodeDetector where it reads QR codes, jsQR elsewhere, see
 * `qr-reader.ts`) or type its tag. Both resolve against the local replica,
 * so they work offline.
 */
export function ScanScreen() {
  const { pg } = useRuntime();
  const [camera, setCamera] = useState<CameraState>(() =>
    !navigator.mediaDevices?.getUserMedia
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

  /** Opens what a QR code or the tag field holds; true when it navigated to an asset. */
  const open = async (text: string): Promise<boolean> => {
    setProblem(undefined);
    setSuggestions([]);
    if (!text.trim()) return false;
    const resolved = resolveScan(text, window.location.origin);
    if (resolved.kind === 'asset') {
      navigate(resolved.path);
      return true;
    }
    if (resolved.kind === 'refused') {
      setProblem(resolved.message);
      return false;
    }
    return lookUp(resolved.tag);
  };

  const lookUp = async (wanted: string): Promise<boolean> => {
    const exact = await pg.query<{ id: string }>(
      'select id from assets where lower(tag) = lower($1) limit 1',
      [wanted],
    );
    const hit = exact.rows[0];
    if (hit) {
      navigate(assetPath(hit.id));
      return true;
    }
    const near = await pg.query<{ id: string; tag: string; name: string }>(
      `select id, tag, name from assets
        where strpos(lower(tag), lower($1)) > 0 or strpos(lower(name), lower($1)) > 0
        order by tag limit 10`,
      [wanted],
    );
    setSuggestions(near.rows);
    setProblem(`No asset has the tag “${wanted}”.`);
    return false;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    open(tag).catch((error: unknown) => setProblem(message(error)));
  };

  const scanning = camera.kind === 'starting' || camera.kind === 'scanning';
  useEffect(() => {
    if (!scanning) return;
    let stopped = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stopCamera = () => {
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
    // The code stays in view while its message shows: each text is handled once.
    let handled: string | undefined;
    const tick = async (reader: QrReader) => {
      if (stopped) return;
      let text: string | undefined;
      try {
        text = video.current ? await reader.read(video.current) : undefined;
      } catch {
        // A frame that is not ready yet; try the next one.
      }
      if (stopped) return;
      if (text && text !== handled) {
        handled = text;
        const opened = await open(text).catch((error: unknown) => {
          setProblem(message(error));
          return false;
        });
        if (opened) {
          stopped = true;
          stopCamera();
          return;
        }
      }
      timer = setTimeout(() => void tick(reader), frameIntervalMs);
    };
    // The decoder (perhaps jsQR's chunk) loads while the camera opens.
    const reader = openQrReader();
    // Handled where it is awaited below; this only keeps an early failure from being unhandled.
    reader.catch(() => undefined);
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (s) => {
        stream = s;
        if (stopped) return stopCamera();
        const ready = await reader.catch((error: unknown) => {
          throw new Error(`QR codes cannot be read here: ${message(error)}`);
        });
        if (stopped || !video.current) return stopCamera();
        video.current.srcObject = s;
        await video.current.play();
        if (stopped) return;
        setCamera({ kind: 'scanning', decoder: ready.kind });
        await tick(ready);
      })
      .catch((error: unknown) => {
        stopCamera();
        if (stopped) return;
        setCamera({
          kind: 'unavailable',
          reason: `The camera could not be opened (${message(error)}). Type the tag instead.`,
        });
      });
    return () => {
      stopped = true;
      clearTimeout(timer);
      stopCamera();
    };
    // open reads only stable values (pg, navigate, setters): the camera restarts only with `scanning`.
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
        <button
          type="button"
          className="primary"
          onClick={() => setCamera({ kind: 'starting' })}
          data-testid="scan-camera"
        >
          Scan a QR label
        </button>
      ) : null}
      {scanning ? (
        <>
          <video
            ref={video}
            className="scan-video"
            muted
            playsInline
            data-testid="scan-video"
            data-decoder={camera.kind === 'scanning' ? camera.decoder : undefined}
          />
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
