import { useEffect } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import type { AppRuntime } from '../../runtime/runtime';
import type { FlushOutcome, Flusher } from '../../sync';
import { photoStore, type LocalPhoto } from './photo-store';

type Outcome = 'uploaded' | { later: string } | { refused: string };

/**
 * This user's captured photos as outgoing work of the send loop (docs/SPEC.md
 * CL-9): one pass uploads every photo not yet on the server and forgets the
 * ones the synced `attachments` rows show arrived. A 404 (a work order
 * created offline, not on the server yet), 429, 5xx or the network answer
 * 'retry', so the loop backs off and tries again; a refusal is kept with its
 * reason until the user discards it. Several tabs may upload the same photo;
 * the server answers a repeat with the stored attachment.
 */
export class PhotoFlusher implements Flusher {
  constructor(private readonly runtime: Pick<AppRuntime, 'user' | 'pg' | 'http'>) {}

  async flushOnce(): Promise<FlushOutcome> {
    const userId = this.runtime.user.id;
    const photos = await photoStore.all(userId);
    if (photos.length === 0) return { kind: 'idle' };
    const { rows } = await this.runtime.pg.query<{ id: string }>(
      'select id from attachments where uploaded_at is not null and id = any($1::uuid[])',
      [`{${photos.map((p) => p.id).join(',')}}`],
    );
    const synced = new Set(rows.map((r) => r.id));
    let waiting: string | undefined;
    for (const photo of photos) {
      if (synced.has(photo.id)) {
        await photoStore.remove(userId, photo.id);
        continue;
      }
      if (photo.uploaded || photo.error) continue;
      const outcome = await this.upload(photo);
      if (outcome === 'uploaded') await photoStore.update(userId, photo.id, { uploaded: true });
      else if ('refused' in outcome)
        await photoStore.update(userId, photo.id, { error: outcome.refused });
      else waiting = outcome.later;
    }
    return waiting === undefined ? { kind: 'idle' } : { kind: 'retry', reason: waiting };
  }

  private async upload(photo: LocalPhoto): Promise<Outcome> {
    let res: Response;
    try {
      res = await this.runtime.http.fetch(
        `/v1/work-orders/${photo.workOrderId}/attachments/${photo.id}`,
        {
          method: 'PUT',
          headers: {
            'content-type': photo.contentType,
            'x-file-name': encodeURIComponent(photo.fileName),
          },
          body: photo.blob,
        },
      );
    } catch (error) {
      return { later: `photo upload: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (res.ok) {
      await res.body?.cancel();
      return 'uploaded';
    }
    // 404: a work order created offline is not on the server yet; 401 (the
    // client asked for a sign-in), 429 and 5xx: try again later.
    if (res.status === 404 || res.status === 401 || res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      return { later: `photo upload: status ${res.status}` };
    }
    const body = (await res.json().catch(() => undefined)) as
      { error?: { message?: string } } | undefined;
    return { refused: body?.error?.message ?? `refused (${res.status})` };
  }
}

/**
 * Hands this user's photo uploads to the runtime's send loop while the app
 * shows them (mounted once in the shell), and wakes the loop when a photo is
 * taken in this tab (other tabs' captures go out at the loop's periodic wake).
 */
export function PhotoUploader() {
  const runtime = useRuntime();
  useEffect(() => {
    const removeFlusher = runtime.addFlusher(new PhotoFlusher(runtime));
    const unsubscribe = photoStore.onChange(() => runtime.wakeSender());
    return () => {
      unsubscribe();
      removeFlusher();
    };
  }, [runtime]);
  return null;
}
