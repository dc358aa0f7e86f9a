// Before the hub-postgres project: a throwaway PostgreSQL server (Debian's package, installed when
// missing) with `loket_template` migrated once, so each test file's database is a fast copy of it.
// The `postgresUrl` key is typed by the ProvidedContext augmentation in hub-db.ts.
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { TEMPLATE_DATABASE, databaseUrl, ensurePostgresInstalled, startPostgres, withAdminClient } from './postgres.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const bin = ensurePostgresInstalled();
  const server = await startPostgres();
  try {
    await withAdminClient(server.url, (client) => client.query(`create database ${TEMPLATE_DATABASE}`));
    const template = await openPostgres(databaseUrl(server.url, TEMPLATE_DATABASE), 1);
    try {
      await migrate(template);
    } finally {
      // CREATE DATABASE ... TEMPLATE refuses while anyone is connected to the template.
      await template.close();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`[hub-postgres] ${bin}/postgres on port ${server.port}, ${TEMPLATE_DATABASE} migrated, in ${seconds} s`);
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
