import { randomBytes } from 'node:crypto';
import { migrate } from '@plantkeep/migrations';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../db';

export interface TestDatabaseTarget {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated database of its own; close() also discards it. */
  open(): Promise<Database>;
}

const pgliteTarget: TestDatabaseTarget = {
  name: 'pglite',
  async open() {
    const db = await openPglite();
    await migrate(db);
    return db;
  },
};

/** A throwaway database per call on the server named by TEST_DATABASE_URL, dropped on close. */
function postgresTarget(adminUrl: string): TestDatabaseTarget {
  return {
    name: 'postgres',
    async open() {
      const name = `plantkeep_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = openPostgres(url.toString(), 4);
      await migrate(db);
      return {
        ...db,
        async close() {
          await db.close();
          const dropper = new pg.Client({ connectionString: adminUrl });
          await dropper.connect();
          await dropper.query(`drop database if exists ${name} with (force)`);
          await dropper.end();
        },
      };
    },
  };
}

/** The tiers every integration test runs on: PGlite always, Postgres when TEST_DATABASE_URL is set. */
export const testDatabases: TestDatabaseTarget[] = [
  pgliteTarget,
  ...(process.env.TEST_DATABASE_URL ? [postgresTarget(process.env.TEST_DATABASE_URL)] : []),
];
