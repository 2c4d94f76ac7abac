import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mail, Mailer, StoredMail } from './mailer';

/**
 * Development transport: one JSON file per mail under DATA_DIR/mail/<tenant>/,
 * readable by that tenant's admins through GET /v1/admin/mail. Mails hold reset and
 * invitation links, so only the server's own user may read them (SPEC AC-4): folders
 * 0700, files 0600, and folders left wider by an older version are narrowed.
 */
export function devMailer(dataDir: string): Mailer {
  const mailRoot = join(dataDir, 'mail');
  const dirOf = (tenantId: string) => join(mailRoot, tenantId);
  return {
    async send(mail: Mail) {
      const stored: StoredMail = { ...mail, id: randomUUID(), sentAt: new Date().toISOString() };
      const dir = dirOf(mail.tenantId);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(mailRoot, 0o700);
      await chmod(dir, 0o700);
      const name = `${stored.sentAt.replace(/[:.]/g, '-')}-${stored.id}.json`;
      // `flag: 'wx'`: a new file, so `mode` applies (it is ignored for an existing one).
      await writeFile(join(dir, name), JSON.stringify(stored, null, 2), {
        mode: 0o600,
        flag: 'wx',
      });
    },
    async outbox(tenantId: string) {
      const dir = dirOf(tenantId);
      const files = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[]; // no mail sent to this tenant yet
        throw error;
      });
      const mails = await Promise.all(
        files
          .filter((f) => f.endsWith('.json'))
          .map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as StoredMail),
      );
      return mails.sort((a, b) => b.sentAt.localeCompare(a.sentAt));
    },
  };
}
