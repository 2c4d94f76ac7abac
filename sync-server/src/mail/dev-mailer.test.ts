import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { devMailer } from './dev-mailer';

const tenantId = '6f1c2a0e-8d4b-4c8e-9a31-2b7d5e0f4a11';
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('devMailer', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'plantkeep-mail-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const mail = { tenantId, to: 'a@acme.test', subject: 'Reset', text: 'http://x/reset#t' };

  it('AC-4: keeps mails holding links readable by the server user only (0600 in 0700 folders)', async () => {
    const mailer = devMailer(dataDir);
    await mailer.send(mail);
    const dir = join(dataDir, 'mail', tenantId);
    const [file] = await readdir(dir);
    expect(await modeOf(join(dataDir, 'mail'))).toBe(0o700);
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(join(dir, file ?? ''))).toBe(0o600);
    expect(await mailer.outbox?.(tenantId)).toMatchObject([mail]);
  });

  it('AC-4: narrows folders an older version left world-readable', async () => {
    await mkdir(join(dataDir, 'mail', tenantId), { recursive: true, mode: 0o755 });
    await devMailer(dataDir).send(mail);
    expect(await modeOf(join(dataDir, 'mail'))).toBe(0o700);
    expect(await modeOf(join(dataDir, 'mail', tenantId))).toBe(0o700);
  });

  it('AC-4: an outbox nothing was sent to yet is empty', async () => {
    expect(await devMailer(dataDir).outbox?.(tenantId)).toEqual([]);
  });

  it('AC-4: an unreadable outbox is an error, not an empty list', async () => {
    // A file where the tenant's folder should be: readdir fails with ENOTDIR, not ENOENT.
    await mkdir(join(dataDir, 'mail'), { recursive: true });
    await writeFile(join(dataDir, 'mail', tenantId), 'not a folder');
    await expect(devMailer(dataDir).outbox?.(tenantId)).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
