import {
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

/**
 * Password hashing with scrypt, which is memory-hard: N=2^15, r=8 needs
 * 32 MiB per hash, which makes GPU and ASIC guessing expensive. Stored as
 * `scrypt$N$r$p$saltB64$hashB64` so parameters can be raised later without
 * invalidating existing hashes.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** Bounds for parameters read back from storage, so a corrupt row cannot exhaust memory. */
const MAX_LOG2_N = 20;
const MAX_R = 32;
const MAX_P = 16;

/** scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly that for N=2^15, r=8. */
const maxmem = (n: number, r: number) => 128 * n * r * 2;

function scrypt(password: string, salt: Uint8Array, keyLength: number, options: ScryptOptions) {
  return new Promise<Buffer>((resolve, reject) => {
    scryptCallback(password, salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes with a caller-chosen salt. Only for reproducible fixtures (the seed
 * derives the salt from its PRNG so seeded rows are identical run to run);
 * everything else uses hashPassword's random salt.
 */
export async function hashPasswordWithSalt(password: string, salt: Uint8Array): Promise<string> {
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: maxmem(N, R) });
  return ['scrypt', N, R, P, Buffer.from(salt).toString('base64'), key.toString('base64')].join(
    '$',
  );
}

export function hashPassword(password: string): Promise<string> {
  return hashPasswordWithSalt(password, randomBytes(SALT_LENGTH));
}

interface Parsed {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): Parsed | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [, n, r, p, salt, hash] = parts.map((x) => x ?? '');
  if (!/^\d+$/.test(n ?? '') || !/^\d+$/.test(r ?? '') || !/^\d+$/.test(p ?? '')) return undefined;
  const parsed = {
    n: Number(n),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt ?? '', 'base64'),
    hash: Buffer.from(hash ?? '', 'base64'),
  };
  const powerOfTwo = parsed.n > 1 && (parsed.n & (parsed.n - 1)) === 0;
  if (!powerOfTwo || parsed.n > 2 ** MAX_LOG2_N) return undefined;
  if (parsed.r < 1 || parsed.r > MAX_R || parsed.p < 1 || parsed.p > MAX_P) return undefined;
  if (parsed.salt.length === 0 || parsed.hash.length < 16) return undefined;
  return parsed;
}

/** False for a wrong password and for anything that is not a well-formed scrypt hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed.hash.length, {
    N: parsed.n,
    r: parsed.r,
    p: parsed.p,
    maxmem: maxmem(parsed.n, parsed.r) * parsed.p,
  });
  return timingSafeEqual(key, parsed.hash);
}
