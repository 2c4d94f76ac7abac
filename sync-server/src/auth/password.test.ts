import { describe, expect, it } from 'vitest';
import { hashPassword, hashPasswordWithSalt, verifyPassword } from './password';

describe('password hashing', () => {
  it('stores scrypt parameters, a 16-byte salt and the hash', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    expect(scheme).toBe('scrypt');
    expect([n, r, p]).toEqual(['32768', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(hash ?? '', 'base64')).toHaveLength(32);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('demo-password');
    expect(await verifyPassword('demo-password', stored)).toBe(true);
    expect(await verifyPassword('demo-passwore', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash differently', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
  });

  it('is reproducible with a given salt (seed fixtures)', async () => {
    const salt = new Uint8Array(16).fill(7);
    const a = await hashPasswordWithSalt('demo-password', salt);
    expect(await hashPasswordWithSalt('demo-password', salt)).toBe(a);
    expect(await verifyPassword('demo-password', a)).toBe(true);
  });

  it('rejects malformed or hostile stored values instead of throwing', async () => {
    const good = await hashPassword('pw');
    const parts = good.split('$');
    const withN = (n: string) => [parts[0], n, ...parts.slice(2)].join('$');
    for (const stored of [
      '',
      'plain-text',
      'bcrypt$2b$10$abc',
      good.replace(/^scrypt/, 'scrypt2'),
      withN('1000'), // not a power of two
      withN(String(2 ** 30)), // would need gigabytes
      [...parts.slice(0, 5), ''].join('$'),
      `${good}$extra`,
    ]) {
      expect(await verifyPassword('pw', stored)).toBe(false);
    }
  });
});
