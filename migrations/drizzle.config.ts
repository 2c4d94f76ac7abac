import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @plantkeep/migrations generate` writes the next numbered SQL
// file from shared/src/schema. Generated files are committed and not edited;
// hand-written SQL (RLS, grants, views) lives in sql/ as repeatable scripts.
export default defineConfig({
  dialect: 'postgresql',
  schema: '../shared/src/schema/index.ts',
  out: './drizzle',
});
