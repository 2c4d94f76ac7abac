import { defineConfig } from 'vitest/config';

// One run covers every package. Integration tests run on PGlite always and
// also on Postgres when TEST_DATABASE_URL is set (see sync-server/src/testing).
export default defineConfig({
  test: {
    include: ['{shared,migrations,sync-server,web}/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Both cores: the suites are CPU-bound (WASM Postgres) and independent.
    maxWorkers: 2,
  },
});
