import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mail, Mailer, StoredMail } from './mailer';

/**
 * Development transport: one JSON file per mail under DATA_DIR/mail/<tenant>/,
 * readable by that tenant's admins through GET /v1/admin/mail.
 */
export function devMailer(dataDir: string): Mailer {
  const dirOf = (tenantId: string) => join(dataDir, 'mail', tenantId);
  return {
    async send(mail: Mail) {
      const stored: StoredMail = { ...mail, id: randomUUID(), sentAt: new Date().toISOString() };
      await mkdir(dirOf(mail.tenantId), { recursive: true });
      const name = `${stored.sentAt.replace(/[:.]/g, '-')}-${stored.id}.json`;
      await writeFile(join(dirOf(mail.tenantId), name), JSON.stringify(stored, null, 2));
    },
    async outbox(tenantId: string) {
      const dir = dirOf(tenantId);
      const files = await readdir(dir).catch(() => [] as string[]);
      const mails = await Promise.all(
        files
          .filter((f) => f.endsWith('.json'))
          .map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as StoredMail),
      );
      return mails.sort((a, b) => b.sentAt.localeCompare(a.sentAt));
    },
  };
}
