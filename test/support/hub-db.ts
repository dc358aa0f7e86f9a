// The hub's database for a test file. The hub-pglite and hub-postgres projects run the same test
// files; LOKET_TEST_DB (set per project in vitest.config.ts) picks which database they get.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { TEMPLATE_DATABASE, createDatabaseFromTemplate, dropDatabase } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the throwaway server that test/support/postgres-global-setup.ts started. */
    postgresUrl: string;
  }
}

export type TestDatabaseKind = 'pglite' | 'postgres';

/** Known when the file is collected, so tests can `it.skipIf(testDatabaseKind() !== 'postgres')`. */
export function testDatabaseKind(): TestDatabaseKind {
  return process.env.LOKET_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export interface TestDatabase {
  readonly db: Database;
  /** The database's own URL (postgres), for extra connections; null for PGlite. */
  readonly url: string | null;
  readonly kind: TestDatabaseKind;
  close(): Promise<void>;
}

/** A fresh, migrated, empty database of its own (call it in `beforeAll`, close it in `afterAll`). */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind() === 'pglite') {
    const db = await openPglite();
    await migrate(db);
    return { db, url: null, kind: 'pglite', close: () => db.close() };
  }

  const adminUrl = inject('postgresUrl');
  // Unique across the parallel test workers that share the server.
  const name = `loket_test_${randomUUID().replaceAll('-', '')}`;
  const url = await createDatabaseFromTemplate(adminUrl, name, TEMPLATE_DATABASE);
  try {
    const db = await openPostgres(url);
    return {
      db,
      url,
      kind: 'postgres',
      async close() {
        await db.close();
        await dropDatabase(adminUrl, name);
      },
    };
  } catch (error) {
    await dropDatabase(adminUrl, name);
    throw error;
  }
}
