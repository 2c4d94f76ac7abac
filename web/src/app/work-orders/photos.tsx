import { useEffect, useState } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import { photoStore, preparePhoto, type LocalPhoto } from './photo-store';
import { messageOf } from '../ui/format';

/** This work order's photos still on the device (pending upload, or refused). */
function useLocalPhotos(userId: string, workOrderId: string): LocalPhoto[] {
  const [photos, setPhotos] = useState<LocalPhoto[]>([]);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      photoStore.all(userId).then(
        (all) => {
          if (!cancelled) setPhotos(all.filter((p) => p.workOrderId === workOrderId));
        },
        // The next change or the 5 s look reads again.
        (error: unknown) => console.warn('could not read the photos on this device', error),
      );
    void load();
    const unsubscribe = photoStore.onChange(() => void load());
    // Other tabs change the store too (their uploads); look again now and then.
    const timer = setInterval(() => void load(), 5000);
    return () => {
      cancelled = true;
      unsubscribe();
      clearInterval(timer);
    };
  }, [userId, workOrderId]);
  return photos;
}

/** An object URL for a blob, revoked when it changes or the component goes. */
function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return;
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url;
}

function LocalPhotoTile({ photo, onDiscard }: { photo: LocalPhoto; onDiscard: () => void }) {
  const url = useObjectUrl(photo.blob);
  return (
    <figure className="photo" data-testid="photo" data-state={photo.error ? 'refused' : 'pending'}>
      {url ? <img src={url} alt={photo.fileName} /> : null}
      {photo.error ? (
        <>
          <span className="badge internal" title={photo.error}>
            Not uploaded: {photo.error}
          </span>
          <button type="button" className="danger" onClick={onDiscard}>
            Discard
          </button>
        </>
      ) : (
        <span className="badge">{photo.uploaded ? 'Uploaded' : 'Waiting to upload'}</span>
      )}
    </figure>
  );
}

/** A server attachment, fetched with the session's token (an <img> cannot send it). */
function ServerPhotoTile({ id, fileName }: { id: string; fileName: string }) {
  const { http } = useRuntime();
  const [blob, setBlob] = useState<Blob>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    http
      .fetch(`/v1/attachments/${id}/content`)
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        const b = await res.blob();
        if (!cancelled) setBlob(b);
      })
      // Offline, refused or a broken body: the tile says so (the old
      // handler missed errors thrown by the success branch).
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
    };
  }, [http, id]);
  const url = useObjectUrl(blob);
  return (
    <figure className="photo" data-testid="photo" data-state="uploaded">
      {url ? <img src={url} alt={fileName} /> : null}
      {failed ? <span className="badge">Photo (go online to view)</span> : null}
    </figure>
  );
}

/**
 * Photos of a work order: take one with the camera (or pick a file); it is
 * kept on the device and uploaded when the network allows (PhotoUploader).
 */
export function Photos({ workOrderId, canWork }: { workOrderId: string; canWork: boolean }) {
  const { user } = useRuntime();
  const [problem, setProblem] = useState<string>();
  const local = useLocalPhotos(user.id, workOrderId);
  const synced =
    useLiveQuery<{ id: string; file_name: string }>(
      `select id, file_name from attachments
        where owner_type = 'work_order' and owner_id = $1 and uploaded_at is not null
        order by created_at`,
      [workOrderId],
    ).rows ?? [];
  const syncedIds = new Set(synced.map((s) => s.id));
  const capture = async (files: FileList | null) => {
    setProblem(undefined);
    for (const file of Array.from(files ?? [])) {
      try {
        const { blob, contentType } = await preparePhoto(file);
        const ext = contentType === 'image/jpeg' ? 'jpg' : (contentType.split('/')[1] ?? 'bin');
        await photoStore.add(user.id, {
          id: globalThis.crypto.randomUUID(),
          workOrderId,
          fileName: `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.${ext}`,
          contentType,
          blob,
          capturedAt: new Date().toISOString(),
          uploaded: false,
          error: null,
        });
      } catch (error) {
        setProblem(`Could not keep the photo: ${messageOf(error)}`);
      }
    }
  };
  const pending = local.filter((p) => !syncedIds.has(p.id));
  return (
    <div data-testid="photos">
      <div className="photos">
        {synced.map((s) => (
          <ServerPhotoTile key={s.id} id={s.id} fileName={s.file_name} />
        ))}
        {pending.map((p) => (
          <LocalPhotoTile
            key={p.id}
            photo={p}
            onDiscard={() => {
              if (window.confirm('Discard this photo? It was not uploaded.')) {
                void photoStore.remove(user.id, p.id);
              }
            }}
          />
        ))}
      </div>
      {synced.length + pending.length === 0 ? <p className="empty">No photos.</p> : null}
      {canWork ? (
        <label className="capture">
          Take photo
          <input
            type="file"
            accept="image/*"
            capture="environment"
            data-testid="photo-input"
            onChange={(e) => {
              const input = e.currentTarget;
              void capture(input.files).finally(() => {
                input.value = '';
              });
            }}
          />
        </label>
      ) : null}
      {problem ? <p className="notice error">{problem}</p> : null}
    </div>
  );
}
