import { useEffect } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import type { AppRuntime } from '../../runtime/runtime';
import { photoStore, type LocalPhoto } from './photo-store';

const retryMs = 20_000;

type Outcome = 'uploaded' | 'later' | { refused: string };

async function uploadOne(
  runtime: AppRuntime,
  photo: LocalPhoto,
  retried = false,
): Promise<Outcome> {
  const token = runtime.auth.accessToken();
  if (!token) return 'later';
  let res: Response;
  try {
    res = await fetch(`/v1/work-orders/${photo.workOrderId}/attachments/${photo.id}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': photo.contentType,
        'x-file-name': encodeURIComponent(photo.fileName),
      },
      body: photo.blob,
    });
  } catch {
    return 'later';
  }
  if (res.ok) return 'uploaded';
  if (res.status === 401 && !retried) {
    return (await runtime.auth.refresh()) ? uploadOne(runtime, photo, true) : 'later';
  }
  // 404: a work order created offline is not on the server yet; 5xx and 429: try again.
  if (res.status === 404 || res.status === 429 || res.status >= 500 || res.status === 401) {
    return 'later';
  }
  const body = (await res.json().catch(() => undefined)) as
    { error?: { message?: string } } | undefined;
  return { refused: body?.error?.message ?? `refused (${res.status})` };
}

/**
 * Uploads this user's captured photos whenever the app runs and the network
 * is up: at start, when a photo is taken, on reconnect and every 20 s.
 * Several tabs may upload the same photo; the server answers a repeat with
 * the stored attachment. Mounted once in the shell.
 */
export function PhotoUploader() {
  const runtime = useRuntime();
  useEffect(() => {
    let busy = false;
    let again = false;
    let stopped = false;
    const pass = async (): Promise<void> => {
      if (stopped || !navigator.onLine) return;
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      again = false;
      try {
        const photos = await photoStore.all(runtime.user.id);
        const { rows } = await runtime.pg.query<{ id: string }>(
          'select id from attachments where uploaded_at is not null and id = any($1::uuid[])',
          [`{${photos.map((p) => p.id).join(',')}}`],
        );
        const synced = new Set(rows.map((r) => r.id));
        for (const photo of photos) {
          if (stopped) break;
          if (synced.has(photo.id)) {
            await photoStore.remove(runtime.user.id, photo.id);
            continue;
          }
          if (photo.uploaded || photo.error) continue;
          const outcome = await uploadOne(runtime, photo);
          if (outcome === 'uploaded')
            await photoStore.update(runtime.user.id, photo.id, { uploaded: true });
          else if (outcome !== 'later') {
            await photoStore.update(runtime.user.id, photo.id, { error: outcome.refused });
          }
        }
      } catch {
        // Storage or network trouble: the next pass tries again.
      } finally {
        busy = false;
      }
      if (again) await pass();
    };
    const kick = () => void pass();
    kick();
    const timer = setInterval(kick, retryMs);
    window.addEventListener('online', kick);
    const unsubscribe = photoStore.onChange(() => setTimeout(kick, 0));
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener('online', kick);
      unsubscribe();
    };
  }, [runtime]);
  return null;
}
