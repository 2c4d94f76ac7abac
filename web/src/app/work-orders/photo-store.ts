/**
 * Photos captured on this device, kept in IndexedDB (one database per user)
 * until the server holds them: nothing captured is lost to a reload, a crash
 * or days offline. A record is deleted only once the synced `attachments`
 * row shows the server has the file.
 */

export interface LocalPhoto {
  id: string;
  workOrderId: string;
  fileName: string;
  contentType: string;
  blob: Blob;
  capturedAt: string;
  /** The server answered 2xx; the record goes once the attachments row has synced. */
  uploaded: boolean;
  /** A refusal the server will repeat (type, size, permission): shown, kept until discarded. */
  error: string | null;
}

const storeName = 'photos';
const changed = new EventTarget();

function open(userId: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(`plantkeep-photos-${userId}`, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(storeName, { keyPath: 'id' });
      store.createIndex('workOrderId', 'workOrderId');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('could not open the photo store'));
  });
}

async function run<T>(
  userId: string,
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open(userId);
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      const request = work(tx.objectStore(storeName));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? new Error('photo store transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('photo store transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export const photoStore = {
  async add(userId: string, photo: LocalPhoto): Promise<void> {
    await run(userId, 'readwrite', (s) => s.add(photo));
    changed.dispatchEvent(new Event('change'));
  },
  all(userId: string): Promise<LocalPhoto[]> {
    return run(userId, 'readonly', (s) => s.getAll() as IDBRequest<LocalPhoto[]>);
  },
  async update(userId: string, id: string, changes: Partial<LocalPhoto>): Promise<void> {
    const [current] = (await photoStore.all(userId)).filter((p) => p.id === id);
    if (!current) return;
    await run(userId, 'readwrite', (s) => s.put({ ...current, ...changes }));
    changed.dispatchEvent(new Event('change'));
  },
  async remove(userId: string, id: string): Promise<void> {
    await run(userId, 'readwrite', (s) => s.delete(id));
    changed.dispatchEvent(new Event('change'));
  },
  /** Called when this tab changes the store (other tabs poll). */
  onChange(listener: () => void): () => void {
    changed.addEventListener('change', listener);
    return () => changed.removeEventListener('change', listener);
  },
};

const maxEdge = 1600;

/**
 * A captured image made small enough to upload over a poor network: at most
 * 1600px on the long edge, JPEG. An image the browser cannot decode is kept
 * as it is (the server accepts JPEG, PNG, WebP and GIF).
 */
export async function preparePhoto(file: File): Promise<{ blob: Blob; contentType: string }> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, maxEdge / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, 'image/jpeg', 0.85),
    );
    if (blob) return { blob, contentType: 'image/jpeg' };
  } catch {
    // Fall through: keep the original bytes.
  }
  return { blob: file, contentType: file.type || 'application/octet-stream' };
}
