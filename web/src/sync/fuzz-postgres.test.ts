import { testDatabases } from '@plantkeep/sync-server/testing';
import { writePathFuzz } from './testing/fuzz-suite';

// The write-path fuzz against Postgres. vitest.config.ts includes this file only
// when TEST_DATABASE_URL is set (CI sets it); it has its own file so that it runs
// in parallel with the PGlite tier.
for (const target of testDatabases.filter((t) => t.name === 'postgres')) writePathFuzz(target);
