import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where attachment bytes live. The database row (`attachments`) says what
 * the file is; the store holds its content under `storage_key`.
 */
export interface AttachmentStore {
  /** Stores the bytes and returns their storage key. Writing the same key again replaces them. */
  put(tenantId: string, id: string, bytes: Uint8Array): Promise<string>;
  /** The bytes under a key, or undefined when there are none. */
  get(key: string): Promise<Uint8Array<ArrayBuffer> | undefined>;
}

const uuidPattern = /^[0-9a-f-]{36}$/i;

/**
 * Files under `dir` (DATA_DIR/attachments): `<tenant>/<attachment id>`,
 * written to a temporary name first so a crash never leaves half a file.
 * One server process (or a shared volume) per deployment; several
 * servers without shared storage need an object store instead.
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
    async put(tenantId, id, bytes) {
      const key = `${tenantId}/${id}`.toLowerCase();
      const path = pathOf(key);
      await mkdir(join(dir, tenantId.toLowerCase()), { recursive: true });
      const temporary = `${path}.${process.pid}.${Date.now()}.partial`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
      return key;
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
    put(tenantId, id, bytes) {
      const key = `${tenantId}/${id}`.toLowerCase();
      files.set(key, bytes.slice());
      return Promise.resolve(key);
    },
    get(key) {
      return Promise.resolve(files.get(key));
    },
  };
}
