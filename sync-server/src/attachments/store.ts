import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Bytes written beside their final place but not yet visible there. The
 * upload route places them only after its row has won the id (SPEC AT-1),
 * so a concurrent upload that loses never touches the winner's file.
 */
export interface StagedAttachment {
  /** The storage key the bytes will have once placed. */
  readonly key: string;
  /** Moves the bytes into place in one step, replacing whatever was there. */
  place(): Promise<void>;
  /** Removes the staged bytes unless they were placed; safe to call always. */
  discard(): Promise<void>;
}

/**
 * Where attachment bytes live. The database row (`attachments`) says what
 * the file is; the store holds its content under `storage_key`.
 */
export interface AttachmentStore {
  /** Writes the bytes to a temporary place of their own (unique per call). */
  stage(tenantId: string, id: string, bytes: Uint8Array): Promise<StagedAttachment>;
  /** The bytes under a key, or undefined when there are none. */
  get(key: string): Promise<Uint8Array<ArrayBuffer> | undefined>;
}

const uuidPattern = /^[0-9a-f-]{36}$/i;

const keyOf = (tenantId: string, id: string) => `${tenantId}/${id}`.toLowerCase();

/**
 * Files under `dir` (DATA_DIR/attachments): `<tenant>/<attachment id>`.
 * Staged bytes go to a uniquely named temporary file in the same folder,
 * so placing them is one rename (atomic on one filesystem) and a crash
 * never leaves half a file under the final name. One server process (or
 * a shared volume) per deployment; several servers without shared
 * storage need an object store instead.
 */
export function fileAttachmentStore(dir: string): AttachmentStore {
  const pathOf = (key: string) => {
    const [tenant, id, ...rest] = key.split('/');
    if (!tenant || !id || rest.length || !uuidPattern.test(tenant) || !uuidPattern.test(id)) {
      throw new Error(`bad attachment storage key: ${key}`);
    }
    return join(dir, tenant.toLowerCase(), id.toLowerCase());
  };
  return {
    async stage(tenantId, id, bytes) {
      const key = keyOf(tenantId, id);
      const path = pathOf(key);
      await mkdir(join(dir, tenantId.toLowerCase()), { recursive: true });
      const temporary = `${path}.${randomUUID()}.partial`;
      let placed = false;
      try {
        await writeFile(temporary, bytes, { flag: 'wx' });
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return {
        key,
        async place() {
          await rename(temporary, path);
          placed = true;
        },
        async discard() {
          if (!placed) await rm(temporary, { force: true });
        },
      };
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}

/** In memory (tests). */
export function memoryAttachmentStore(): AttachmentStore {
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  return {
    stage(tenantId, id, bytes) {
      const key = keyOf(tenantId, id);
      const copy = bytes.slice();
      return Promise.resolve({
        key,
        place: () => {
          files.set(key, copy);
          return Promise.resolve();
        },
        discard: () => Promise.resolve(),
      });
    },
    get(key) {
      return Promise.resolve(files.get(key));
    },
  };
}
