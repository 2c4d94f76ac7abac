import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const load = (env: Record<string, string>) => loadConfig(env, '/home/op');

describe('loadConfig', () => {
  it('defaults to port 3000, ./data under the caller directory and the embedded database', () => {
    expect(load({})).toMatchObject({
      port: 3000,
      dataDir: '/home/op/data',
      databaseUrl: undefined,
      electricUrl: undefined,
      seedDemo: true,
      production: false,
    });
  });

  it('keeps an absolute DATA_DIR and resolves a relative one', () => {
    expect(load({ DATA_DIR: '/var/plantkeep' }).dataDir).toBe('/var/plantkeep');
    expect(load({ DATA_DIR: 'x/y' }).dataDir).toBe('/home/op/x/y');
  });

  it.each([
    ['PORT', { PORT: 'eighty' }, /PORT must be an integer/],
    ['PORT', { PORT: '70000' }, /PORT must be an integer/],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL must start with postgres:/],
    ['ELECTRIC_URL', { ELECTRIC_URL: 'electric:3000' }, /ELECTRIC_URL must start with http:/],
    ['SMTP_URL', { SMTP_URL: 'http://mail' }, /SMTP_URL must start with smtp:/],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    ['JWT_SECRET', { JWT_SECRET: 'short' }, /at least 32 characters/],
    ['JWT_SECRET', { NODE_ENV: 'production' }, /JWT_SECRET is required/],
  ])('rejects a bad %s with a message naming it', (_name, env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(message);
  });

  it('never seeds the demo tenant in production', () => {
    expect(load({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).seedDemo).toBe(false);
  });

  it('accepts postgres URLs', () => {
    const url = 'postgresql://app:secret@db.internal:5432/plantkeep';
    expect(load({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });
});
