import { defineConfig } from 'vitest/config';

// One run covers every package. Integration tests run on PGlite always and
// also on Postgres when TEST_DATABASE_URL is set (see sync-server/src/testing).
export default defineConfig({
  test: {
    include: ['{shared,migrations,datagen,sync-server,web}/src/**/*.test.ts'],
    // Postgres-only files have nothing to run without a Postgres server.
    exclude: [
      '**/node_modules/**',
      ...(process.env.TEST_DATABASE_URL ? [] : ['**/*-postgres.test.ts']),
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Both cores: the suites are CPU-bound (WASM Postgres) and independent.
    maxWorkers: 2,
    // The Electric client (used unchanged) leaves a promise unawaited when a
    // stream is torn down while it forces a refresh; it rejects with its bare
    // abort-reason string, which Vitest reports as an error without message or
    // stack. Our own code only ever rejects with Errors, so only that exact
    // non-Error shape is ignored; anything else still fails the run.
    onUnhandledError: (error) =>
      !(error.message === undefined && (error.stack === undefined || error.stack === '')),
  },
});
