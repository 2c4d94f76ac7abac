import { testDatabases } from '@plantkeep/sync-server/testing';
import { writePathFuzz } from './testing/fuzz-suite';

// The write-path fuzz against the embedded server database (the Postgres tier has its own file).
for (const target of testDatabases.filter((t) => t.name === 'pglite')) writePathFuzz(target);
