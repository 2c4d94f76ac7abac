import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface MigrationFile {
  name: string;
  statements: string[];
  checksum: string;
}

const drizzleDir = fileURLToPath(new URL('../drizzle/', import.meta.url));
const repeatableDir = fileURLToPath(new URL('../sql/', import.meta.url));

function load(dir: string, file: string, name: string): MigrationFile {
  const text = readFileSync(dir + file, 'utf8');
  return {
    name,
    checksum: createHash('sha256').update(text).digest('hex'),
    statements: text
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  };
}

/** Versioned migrations in the order drizzle-kit's journal gives. Applied once each. */
export function versionedMigrations(): MigrationFile[] {
  const journal = JSON.parse(readFileSync(drizzleDir + 'meta/_journal.json', 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map((e) => load(drizzleDir, `${e.tag}.sql`, e.tag));
}

/**
 * Repeatable scripts (RLS, grants, views): idempotent, re-applied whenever
 * their content changes, in file-name order, after the versioned ones.
 */
export function repeatableScripts(): MigrationFile[] {
  return readdirSync(repeatableDir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => load(repeatableDir, f, f.replace(/\.sql$/, '')));
}
